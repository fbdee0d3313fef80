package dev.telemetry.processor.topology;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Reading;
import dev.telemetry.processor.anomaly.AlertClock;
import dev.telemetry.processor.anomaly.BuiltIn;
import dev.telemetry.processor.anomaly.Detection;
import dev.telemetry.processor.anomaly.RuleBook;
import dev.telemetry.processor.anomaly.Series;
import dev.telemetry.processor.anomaly.SeriesKey;
import dev.telemetry.processor.anomaly.stat.StreamingDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detectors (docs/anomalies.md): rules on the event-time-ordered readings from {@link StateTopology#REORDER},
 * built-in data-quality detectors on the {@link DeviceSignal}s from {@link StateTopology#RECONCILE}; forwards every
 * RAISED and RESOLVED to {@link StateTopology#ANOMALIES_SINK}. What to decide is {@link Detection}'s job; this class
 * loads and stores state and keeps the indexes.
 *
 * <ul>
 *   <li>{@link StateTopology#ALERT_SERIES_STORE}: a {@link Series} per (device, rule or detector, metric);</li>
 *   <li>{@link StateTopology#ALERT_TIMER_STORE}: the series with a time-based transition to come, keyed by the
 *       alert clock at which it falls due, so the periodic check reads only what is due;</li>
 *   <li>{@link StateTopology#ACTIVE_ALERTS_STORE}: the RAISED record of every open episode (the query API's view);</li>
 *   <li>{@link StateTopology#OUTLIER_STATE_STORE}: the statistical detector's state per outlier series;</li>
 *   <li>{@link StateTopology#ALERT_PROGRESS_STORE}: the partition's {@link AlertClock}, for restarts.</li>
 * </ul>
 * All are changelogged and written in the same transaction as the alerts they produce (exactly-once), so a
 * restart or a rebalance continues from the last committed state: no RAISED twice, no RESOLVED lost.
 *
 * <p><b>The periodic check</b> (wall-clock punctuation every {@code alerts.check-interval}) reads the alert
 * clock, reloads the rules if they changed and then, when they did, walks every series once to resolve the
 * episodes of deleted, disabled or no longer matching rules and to judge the others again under edited rules;
 * finally it applies the time-based transitions that fell due. Rule changes reach readings sooner: the global
 * store's updater bumps a version that each reading checks.
 */
final class AlertProcessor implements Processor<String, Object, String, Anomaly> {

    static final String CLOCK_KEY = "alert-clock";

    private final TopologyConfig cfg;
    private final TopologyEvents events;
    private final StreamingDetector<?> detector;
    private final AtomicLong rulesVersion;
    private final Detection detection;
    private final Set<String> reportedRules = RuleBook.newReportSet();
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, Series> series;
    private KeyValueStore<String, String> timers;
    private KeyValueStore<String, Anomaly> active;
    private KeyValueStore<String, Long> progress;
    private KeyValueStore<String, byte[]> rules;
    private OutlierStates<?> outliers;
    private AlertClock clock;
    private boolean clockRestored;
    private RuleBook book = RuleBook.EMPTY;
    private long bookVersion = -1;
    /** After a start, and whenever the rules change, the next check walks every series once. */
    private boolean reconcile = true;

    AlertProcessor(TopologyConfig cfg, TopologyEvents events, StreamingDetector<?> detector, AtomicLong rulesVersion) {
        this.cfg = cfg;
        this.events = events;
        this.detector = detector;
        this.rulesVersion = rulesVersion;
        this.detection = new Detection(cfg.alerts(), cfg.offlineAfter());
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        series = context.getStateStore(StateTopology.ALERT_SERIES_STORE);
        timers = context.getStateStore(StateTopology.ALERT_TIMER_STORE);
        active = context.getStateStore(StateTopology.ACTIVE_ALERTS_STORE);
        progress = context.getStateStore(StateTopology.ALERT_PROGRESS_STORE);
        rules = context.getStateStore(StateTopology.RULES_STORE);
        outliers = OutlierStates.of(detector, context.getStateStore(StateTopology.OUTLIER_STATE_STORE));
        clock = new AlertClock(cfg.reorderDelay().toMillis(), cfg.alerts().idleAfter().toMillis(),
                context.currentSystemTimeMs());
        loadRulesIfChanged();
        context.schedule(cfg.alerts().checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof Reading reading) {
            onReading(record, reading);
        } else if (record.value() instanceof DeviceSignal signal) {
            onSignal(signal);
        }
    }

    private void onReading(Record<String, Object> record, Reading reading) {
        Header late = record.headers().lastHeader(ReorderProcessor.LATE_HEADER);
        if (late != null) {
            return; // out of event-time order for its device: the detectors' series only move forward
        }
        loadRulesIfChanged();
        List<RuleBook.Entry> matching = book.matching(reading);
        if (matching.isEmpty()) {
            return;
        }
        long now = context.currentSystemTimeMs();
        long c = clockNow(now);
        Map<String, String> tags = RuleBook.tagsOf(reading);
        for (RuleBook.Entry e : matching) {
            if (!detection.feeds(e, reading.value())) {
                continue;
            }
            SeriesKey key = SeriesKey.ofRule(reading.deviceId(), e.rule().id(), reading.metric());
            String k = key.encode();
            Series s = series.get(k);
            if (s != null && detection.typeChanged(s, e)) {
                detection.end(key, s, "rule " + e.rule().id() + " was changed to another condition type", c, now,
                        a -> emit(k, a));
                forget(k, s);
                s = null;
            }
            if (s == null) {
                s = new Series();
            }
            detection.onReading(key, s, e, record.timestamp(), reading.value(), tags, c, now,
                    (time, value) -> outliers.score(k, time, value), a -> emit(k, a));
            save(k, key, s, e);
        }
    }

    private void onSignal(DeviceSignal signal) {
        BuiltIn b = signal.detector();
        if (!detection.enabled(b)) {
            return;
        }
        SeriesKey key = SeriesKey.ofBuiltIn(signal.deviceId(), b);
        String k = key.encode();
        Series s = series.get(k);
        if (s == null) {
            if (!signal.bad()) {
                return; // data again, and nothing was open
            }
            s = new Series();
        }
        long now = context.currentSystemTimeMs();
        detection.onSignal(key, s, b, signal.bad(), signal.count(), signal.time(), clockNow(now), now,
                a -> emit(k, a));
        save(k, key, s, null);
    }

    private void check(long now) {
        long c = clockNow(now);
        loadRulesIfChanged();
        if (reconcile) {
            reconcile(c, now); // also without a clock: ending an episode needs none
            reconcile = false;
        }
        if (c == AlertClock.UNKNOWN) {
            return; // nothing has arrived since a start without a persisted clock: nothing can be due
        }
        fireDue(c, now);
        progress.put(CLOCK_KEY, c);
    }

    private void reconcile(long c, long now) {
        List<KeyValue<String, Series>> affected = new ArrayList<>();
        List<Detection.Verdict> verdicts = new ArrayList<>();
        try (KeyValueIterator<String, Series> it = series.all()) {
            while (it.hasNext()) {
                KeyValue<String, Series> kv = it.next();
                Detection.Verdict v = detection.verdict(SeriesKey.parse(kv.key), kv.value, book);
                if (!(v instanceof Detection.Verdict.Keep)) {
                    affected.add(kv);
                    verdicts.add(v);
                }
            }
        }
        // written after the scan: no writes into the store under an open iterator
        for (int i = 0; i < affected.size(); i++) {
            String k = affected.get(i).key;
            Series s = affected.get(i).value;
            SeriesKey key = SeriesKey.parse(k);
            if (verdicts.get(i) instanceof Detection.Verdict.Reevaluate re) {
                detection.onRuleChange(key, s, re.entry(), c, now, a -> emit(k, a));
                save(k, key, s, re.entry());
            } else {
                detection.end(key, s, ((Detection.Verdict.End) verdicts.get(i)).reason(), c, now, a -> emit(k, a));
                forget(k, s);
            }
        }
    }

    private void fireDue(long c, long now) {
        List<String> due = new ArrayList<>();
        // timer keys are hex(due) + series key; the bound hex(c) sorts after every key due before c, before the rest
        try (KeyValueIterator<String, String> it = timers.range(null, Hex.of(c))) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        for (String timerKey : due) {
            timers.delete(timerKey);
            String k = timerKey.substring(Hex.LENGTH);
            Series s = series.get(k);
            if (s == null) {
                continue;
            }
            s.dueClock(null);
            SeriesKey key = SeriesKey.parse(k);
            RuleBook.Entry e = key.ruleId() == null ? null : book.get(key.ruleId());
            if (key.ruleId() != null && (e == null || detection.verdict(key, s, book) instanceof Detection.Verdict.End)) {
                series.put(k, s); // gone since the last reconciliation: the next one ends it
                continue;
            }
            detection.onTick(key, s, e, c, now, a -> emit(k, a));
            save(k, key, s, e);
        }
    }

    private void save(String k, SeriesKey key, Series s, RuleBook.Entry e) {
        Long before = s.dueClock();
        Long after = detection.dueClock(key, s, e);
        if (!Objects.equals(before, after)) {
            if (before != null) {
                timers.delete(Hex.of(before) + k);
            }
            if (after != null) {
                timers.put(Hex.of(after) + k, "");
            }
            s.dueClock(after);
        }
        series.put(k, s);
    }

    private void forget(String k, Series s) {
        if (s.dueClock() != null) {
            timers.delete(Hex.of(s.dueClock()) + k);
        }
        series.delete(k);
        outliers.forget(k);
        active.delete(k);
    }

    private void emit(String k, Anomaly a) {
        if (a.state() == Anomaly.State.RAISED) {
            active.put(k, a);
        } else {
            active.delete(k);
        }
        events.alerted(a);
        // stamped with the processor's clock: a device clock far in the future must not make brokers refuse it
        context.forward(new Record<>(a.deviceId(), a, a.detectedAt()));
    }

    private long clockNow(long now) {
        if (!clockRestored) {
            // on first use, not in init(): by then the store has surely been restored
            clock.restore(progress.get(CLOCK_KEY), now);
            clockRestored = true;
        }
        return clock.now(context.currentStreamTimeMs(), now);
    }

    private void loadRulesIfChanged() {
        long v = rulesVersion.get();
        if (v == bookVersion) {
            return;
        }
        bookVersion = v;
        List<Map.Entry<String, byte[]>> raw = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = rules.all()) {
            it.forEachRemaining(kv -> raw.add(Map.entry(kv.key, kv.value)));
        }
        RuleBook next = RuleBook.load(raw, book, reportedRules);
        if (!next.sameAs(book)) {
            reconcile = true;
        }
        book = next;
    }

    /** The statistical detector's state per series, typed by the detector. */
    private static final class OutlierStates<S> {
        private final StreamingDetector<S> detector;
        private final KeyValueStore<String, S> store;

        private OutlierStates(StreamingDetector<S> detector, KeyValueStore<String, S> store) {
            this.detector = detector;
            this.store = store;
        }

        @SuppressWarnings("unchecked") // the store was built with this detector's state serde
        static <S> OutlierStates<S> of(StreamingDetector<S> detector, KeyValueStore<String, ?> store) {
            return new OutlierStates<>(detector, (KeyValueStore<String, S>) store);
        }

        StreamingDetector.Scored<S> score(String key, long time, double value) {
            S state = store.get(key);
            StreamingDetector.Scored<S> scored = detector.update(state == null ? detector.initial() : state, time,
                    value);
            store.put(key, scored.state());
            return scored;
        }

        void forget(String key) {
            store.delete(key);
        }
    }

    /** 16 hex digits with the sign bit flipped: string order is numeric order (as in the reorder buffer). */
    static final class Hex {
        static final int LENGTH = 16;

        private Hex() {
        }

        static String of(long value) {
            String digits = Long.toHexString(value ^ Long.MIN_VALUE);
            return "0".repeat(LENGTH - digits.length()) + digits;
        }
    }
}
