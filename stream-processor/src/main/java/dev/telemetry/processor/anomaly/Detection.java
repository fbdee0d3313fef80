package dev.telemetry.processor.anomaly;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Rule;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the detectors decide, as plain functions of a series' state, its rule and the time; the topology's
 * alert processor only loads and stores the state and forwards what comes out. Times: {@code time} is event time
 * (the reading's, or the signal's); {@code clock} is the partition's alert clock ({@link AlertClock}); {@code now}
 * the processor's wall clock, only ever used for {@code detectedAt}.
 */
public final class Detection {

    /** What the periodic reconciliation does with a series after rules changed. */
    public sealed interface Verdict {
        /** Nothing changed for this series. */
        record Keep() implements Verdict {
        }

        /** Its rule's parameters changed: judge the held values again. */
        record Reevaluate(RuleBook.Entry entry) implements Verdict {
        }

        /** Its rule or detector is gone, disabled, or no longer matches: resolve an open episode and forget it. */
        record End(String reason) implements Verdict {
        }
    }

    private static final Verdict KEEP = new Verdict.Keep();

    private final AlertsConfig cfg;
    private final Duration offlineAfter;

    public Detection(AlertsConfig cfg, Duration offlineAfter) {
        this.cfg = cfg;
        this.offlineAfter = offlineAfter;
    }

    /** True when {@code value} feeds rule {@code e} (any value proves data; the other conditions need numbers). */
    public boolean feeds(RuleBook.Entry e, ReadingValue value) {
        return Conditions.accepts(e.rule().condition(), value);
    }

    /**
     * A reading of series {@code key} of rule {@code e} at event time {@code time}: first what fell due before it,
     * then the reading itself. A series whose rule's condition type changed starts over (its open episode is
     * resolved first).
     */
    public void onReading(SeriesKey key, Series s, RuleBook.Entry e, long time, ReadingValue value,
            Map<String, String> tags, long clock, long now, Scorer scorer, Consumer<Anomaly> sink) {
        Rule rule = e.rule();
        Rule.Condition c = rule.condition();
        AlertWriter out = writer(key, e, now, null, sink);
        Series.Timing timing = timing(rule);
        s.advance(time, Conditions.heldBadAt(c, s), timing, out);
        Series.Status status = Conditions.onReading(c, s, time, value, cfg.outlierThreshold(), scorer);
        s.anchor(time, clock);
        s.type = c.type();
        s.ruleVersion = e.version();
        s.tags = tags;
        s.observe(time, status, timing, out);
    }

    /** The periodic check: whatever fell due up to now on the alert clock, without new input. */
    public void onTick(SeriesKey key, Series s, RuleBook.Entry e, long clock, long now, Consumer<Anomaly> sink) {
        BuiltIn b = key.builtIn();
        long until = s.estimate(clock);
        if (b != null) {
            s.advance(until, Long.MAX_VALUE, timing(b), writer(key, b, now, null, sink));
        } else {
            s.advance(until, Conditions.heldBadAt(e.rule().condition(), s), timing(e.rule()),
                    writer(key, e, now, null, sink));
        }
    }

    /** The rule's parameters changed: what fell due so far under the old ones, then the held values judged again. */
    public void onRuleChange(SeriesKey key, Series s, RuleBook.Entry e, long clock, long now, Consumer<Anomaly> sink) {
        Rule.Condition c = e.rule().condition();
        AlertWriter out = writer(key, e, now, null, sink);
        long until = s.estimate(clock);
        s.advance(until, Conditions.heldBadAt(c, s), timing(e.rule()), out);
        s.ruleVersion = e.version();
        s.observe(until, Conditions.held(c, s, cfg.outlierThreshold()), timing(e.rule()), out);
    }

    /** Resolves an open episode of {@code key} now, saying {@code reason}. */
    public void end(SeriesKey key, Series s, String reason, long clock, long now, Consumer<Anomaly> sink) {
        Anomaly open = s.open;
        if (open == null) {
            return;
        }
        Describer d = new Resolving(open);
        s.end(s.estimate(clock), new AlertWriter(key, d, now, reason, sink));
    }

    /**
     * A data-quality signal of a built-in detector at event time {@code time}: OFFLINE (raise), ONLINE (resolve
     * an open OFFLINE episode), or {@code n} sequence gaps / too-late readings (raise, or extend the open
     * episode).
     */
    public void onSignal(SeriesKey key, Series s, BuiltIn b, boolean bad, long n, long time, long clock, long now,
            Consumer<Anomaly> sink) {
        AlertWriter out = writer(key, b, now, null, sink);
        Series.Timing timing = timing(b);
        s.advance(time, Long.MAX_VALUE, timing, out);
        s.anchor(time, clock);
        if (b == BuiltIn.OFFLINE) {
            s.observe(time, bad ? Series.Status.BAD : Series.Status.CLEAR, timing, out);
            return;
        }
        s.count += n;
        // an instant of trouble: bad now, clear right after, so the episode ends after a quiet clearFor
        s.observe(time, Series.Status.BAD, timing, out);
        s.observe(time, Series.Status.CLEAR, timing, out);
    }

    /** The alert clock at which the check has something to do for this series, or null. */
    public Long dueClock(SeriesKey key, Series s, RuleBook.Entry e) {
        BuiltIn b = key.builtIn();
        long due = b != null ? s.nextDue(Long.MAX_VALUE, timing(b))
                : s.nextDue(Conditions.heldBadAt(e.rule().condition(), s), timing(e.rule()));
        return s.dueClockFor(due);
    }

    /** What reconciliation does with series {@code key} now that the rules are {@code book}. */
    public Verdict verdict(SeriesKey key, Series s, RuleBook book) {
        BuiltIn b = key.builtIn();
        if (b != null) {
            return enabled(b) ? KEEP : new Verdict.End("built-in detector " + b.id() + " was switched off");
        }
        String ruleId = key.ruleId();
        RuleBook.Entry e = book.get(ruleId);
        if (e == null) {
            return new Verdict.End("rule " + ruleId + " was deleted");
        }
        if (!e.rule().enabled()) {
            return new Verdict.End("rule " + ruleId + " was disabled");
        }
        if (!e.matches(key.deviceId(), key.metric(), s.tags)) {
            return new Verdict.End("rule " + ruleId + " was changed and no longer matches this device and metric");
        }
        if (!e.rule().condition().type().equals(s.type)) {
            return new Verdict.End("rule " + ruleId + " was changed to another condition type");
        }
        return e.version() == s.ruleVersion ? KEEP : new Verdict.Reevaluate(e);
    }

    /** True when this series' rule no longer has the type it was evaluated with: it must start over. */
    public boolean typeChanged(Series s, RuleBook.Entry e) {
        return s.type != null && !s.type.equals(e.rule().condition().type());
    }

    public boolean enabled(BuiltIn b) {
        return switch (b) {
            case OFFLINE -> cfg.offline();
            case SEQUENCE_GAP -> cfg.sequenceGaps();
            case LATE_DATA -> cfg.lateData();
        };
    }

    private Series.Timing timing(BuiltIn b) {
        return switch (b) {
            case OFFLINE -> Series.Timing.IMMEDIATE;
            case SEQUENCE_GAP -> new Series.Timing(0, cfg.sequenceGapsClearAfter().toMillis());
            case LATE_DATA -> new Series.Timing(0, cfg.lateDataClearAfter().toMillis());
        };
    }

    private static Series.Timing timing(Rule r) {
        return new Series.Timing(r.forDuration().toMillis(), r.clearFor().toMillis());
    }

    private AlertWriter writer(SeriesKey key, RuleBook.Entry e, long now, String reason, Consumer<Anomaly> sink) {
        return new AlertWriter(key, new Describer.ForRule(e.rule(), cfg.outlierThreshold()), now, reason, sink);
    }

    private AlertWriter writer(SeriesKey key, BuiltIn b, long now, String reason, Consumer<Anomaly> sink) {
        Duration window = switch (b) {
            case OFFLINE -> offlineAfter;
            case SEQUENCE_GAP -> cfg.sequenceGapsClearAfter();
            case LATE_DATA -> cfg.lateDataClearAfter();
        };
        return new AlertWriter(key, new Describer.ForBuiltIn(b, window), now, reason, sink);
    }

    /** Describes the RESOLVED of an episode ended early: everything comes from its RAISED. */
    private record Resolving(Anomaly open) implements Describer {
        @Override
        public String kind() {
            return open.kind();
        }

        @Override
        public String severity() {
            return open.severity();
        }

        @Override
        public String ruleId() {
            return open.ruleId();
        }

        @Override
        public Double value(Series s) {
            return switch (open.kind()) {
                case AlertKinds.RATE_OF_CHANGE -> s.measure;
                case AlertKinds.SEQUENCE_GAP, AlertKinds.LATE_DATA -> (double) s.count;
                default -> s.value;
            };
        }

        @Override
        public Double threshold(Series s) {
            return open.threshold();
        }

        @Override
        public String raised(Series s) {
            throw new IllegalStateException("an ending episode is never raised");
        }

        @Override
        public String resolved(Series s) {
            return "resolved";
        }
    }
}
