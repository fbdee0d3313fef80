package dev.telemetry.processor.anomaly;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.telemetry.model.Anomaly;
import java.util.Map;

/**
 * The alert state of one series, (device, rule or built-in detector, metric): where its episode is, and the
 * last values its condition needs. Kept, as JSON, in the changelogged {@code alert-series-store}, so a restart or
 * a rebalance continues exactly where the previous owner stopped.
 *
 * <p><b>The episode lifecycle</b> is a small state machine over event time:
 * <pre>
 *   OK --bad--> PENDING --bad for `for`--> FIRING (RAISED) --clear--> CLEARING --clear for `clearFor`--> OK (RESOLVED)
 *               PENDING --clear--> OK                              CLEARING --bad--> FIRING (no new RAISED)
 * </pre>
 * A condition holds between observations (the last reading is the last word), so {@code for} and
 * {@code clearFor} expire by themselves when no reading comes: {@link #advance} applies what fell due before a
 * given time, and it is called both before each new observation and by the periodic check. Every transition
 * time is computed from the data, never from when the check happened to run, so a replay produces the same
 * episodes with the same ids.
 *
 * <p>Not thread-safe; lives on one stream thread.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Series {

    /** Where an episode is. */
    public enum Phase {
        /** No episode: the condition is clear. */
        OK,
        /** The condition is bad, not yet for long enough. */
        PENDING,
        /** RAISED. */
        FIRING,
        /** RAISED, the condition has been clear since {@link #since}, not yet for long enough. */
        CLEARING
    }

    /** What the condition said about an observation. */
    public enum Status {
        BAD,
        CLEAR,
        /** Not enough data to judge (the first reading of a rate, say): nothing changes. */
        UNKNOWN
    }

    /** Turns transitions into alerts; called by {@link #observe} and {@link #advance}. */
    public interface Episodes {
        /** The series entered FIRING at event time {@code time}: emit RAISED. */
        void raised(Series series, long time);

        /** The series left an episode at event time {@code time}: emit RESOLVED. */
        void resolved(Series series, long time);
    }

    /** How long the condition must hold: {@code for} and {@code clearFor} in milliseconds. */
    public record Timing(long forMs, long clearForMs) {
        public static final Timing IMMEDIATE = new Timing(0, 0);
    }

    Phase phase = Phase.OK;
    /** Event time the current PENDING or CLEARING phase began. */
    long since;
    /** Event time of the latest transition; no later transition is dated earlier. */
    long asOf = Long.MIN_VALUE;
    /** Event time of the latest observation (reading or signal) of this series; MIN_VALUE before the first. */
    long anchorTime = Long.MIN_VALUE;
    /** The partition's alert clock when that observation arrived; see {@link #estimate}. */
    long anchorClock;
    /** Latest numeric value. */
    Double value;
    /** What the condition compares: the value, |change per second| or the outlier score. */
    Double measure;
    /** Outlier rules: what the detector expected. */
    Double expected;
    /** Flatline rules: event time of the first reading of the current run, and the value it stays near. */
    Long runStart;
    Double runValue;
    /** Built-in data-quality detectors: how many gaps or late readings the open episode has seen. */
    long count;
    /** Episodes raised so far; part of each alert's id. */
    long episodes;
    /** The RAISED record while FIRING or CLEARING. */
    Anomaly open;
    /** Rule series: the rule's condition type and {@link RuleBook.Entry#version()} at the latest evaluation. */
    String type;
    long ruleVersion;
    /** Rule series: the tags of the latest reading, to tell whether an edited rule still matches. */
    Map<String, String> tags;
    /** Alert clock at which {@link #advance} has something to do; null for nothing. Indexed for the check. */
    Long dueClock;

    public Phase phase() {
        return phase;
    }

    /** The RAISED alert of the open episode, or null. */
    public Anomaly open() {
        return open;
    }

    public Double value() {
        return value;
    }

    public long count() {
        return count;
    }

    /** The alert clock at which this series is indexed for the periodic check, or null. */
    public Long dueClock() {
        return dueClock;
    }

    /** Records where this series is indexed now. */
    public void dueClock(Long clock) {
        dueClock = clock;
    }

    /** True once something was observed: before that, nothing can have happened to the series. */
    public boolean observed() {
        return anchorTime != Long.MIN_VALUE;
    }

    /** Records an observation at event time {@code time}, arriving when the partition's alert clock says {@code clock}. */
    public void anchor(long time, long clock) {
        anchorTime = Math.max(anchorTime, time);
        anchorClock = clock;
    }

    /**
     * This series' event time now: its latest observation plus the alert-clock time that has passed since
     * it arrived. Measuring silence on the partition's clock, not against other devices' event times, keeps a
     * device whose clock runs behind the others from looking silent.
     */
    public long estimate(long clock) {
        if (clock == AlertClock.UNKNOWN || anchorClock == AlertClock.UNKNOWN) {
            return anchorTime;
        }
        return plus(anchorTime, Math.max(0, clock - anchorClock));
    }

    /** Applies what the condition said at event time {@code time} (never earlier than the latest transition). */
    public void observe(long time, Status status, Timing timing, Episodes out) {
        if (status == Status.UNKNOWN) {
            return;
        }
        long t = Math.max(time, asOf);
        boolean bad = status == Status.BAD;
        switch (phase) {
            case OK -> {
                if (bad) {
                    enter(Phase.PENDING, t);
                    if (timing.forMs() == 0) {
                        raise(t, out);
                    }
                }
            }
            case PENDING -> {
                if (!bad) {
                    enter(Phase.OK, t);
                } else if (t - since >= timing.forMs()) {
                    raise(t, out);
                }
            }
            case FIRING -> {
                if (!bad) {
                    enter(Phase.CLEARING, t);
                    if (timing.clearForMs() == 0) {
                        resolve(t, out);
                    }
                }
            }
            case CLEARING -> {
                if (bad) {
                    phase = Phase.FIRING;
                    asOf = t;
                } else if (t - since >= timing.clearForMs()) {
                    resolve(t, out);
                }
            }
        }
    }

    /**
     * Applies every transition due strictly before event time {@code until} while nothing new is observed.
     *
     * @param heldBadAt from when the held condition is bad without new input (a silence reaching its
     *                  duration), {@link Long#MAX_VALUE} when it stays as it is
     */
    public void advance(long until, long heldBadAt, Timing timing, Episodes out) {
        while (true) {
            switch (phase) {
                case OK -> {
                    if (heldBadAt >= until) {
                        return;
                    }
                    long t = Math.max(heldBadAt, asOf);
                    enter(Phase.PENDING, t);
                    if (timing.forMs() == 0) {
                        raise(t, out);
                    }
                }
                case PENDING -> {
                    long due = plus(since, timing.forMs());
                    if (due >= until) {
                        return;
                    }
                    raise(Math.max(due, asOf), out);
                }
                case FIRING -> {
                    return;
                }
                case CLEARING -> {
                    long due = plus(since, timing.clearForMs());
                    if (heldBadAt <= due && heldBadAt < until) {
                        phase = Phase.FIRING;
                        asOf = Math.max(heldBadAt, asOf);
                    } else if (due < until) {
                        resolve(Math.max(due, asOf), out);
                    } else {
                        return;
                    }
                }
            }
        }
    }

    /** Event time of the next transition {@link #advance} would make, or {@link Long#MAX_VALUE}. */
    public long nextDue(long heldBadAt, Timing timing) {
        return switch (phase) {
            case OK -> heldBadAt;
            case PENDING -> plus(since, timing.forMs());
            case FIRING -> Long.MAX_VALUE;
            case CLEARING -> Math.min(plus(since, timing.clearForMs()), heldBadAt);
        };
    }

    /** The alert clock at which {@link #nextDue} falls, or null. */
    public Long dueClockFor(long dueTime) {
        if (dueTime == Long.MAX_VALUE || anchorClock == AlertClock.UNKNOWN) {
            // nothing due; or observed before the partition had any time (only an OFFLINE signal right after a
            // start can be, and OFFLINE has nothing due): the next observation anchors it
            return null;
        }
        return plus(anchorClock, Math.max(0, dueTime - anchorTime));
    }

    /** Ends an open episode at once (its rule was deleted or changed): RESOLVED at {@code time}. */
    public void end(long time, Episodes out) {
        if (phase == Phase.FIRING || phase == Phase.CLEARING) {
            resolve(Math.max(time, asOf), out);
        }
        phase = Phase.OK;
    }

    private void enter(Phase next, long t) {
        phase = next;
        since = t;
        asOf = t;
    }

    private void raise(long t, Episodes out) {
        phase = Phase.FIRING;
        asOf = t;
        episodes++;
        out.raised(this, t);
    }

    private void resolve(long t, Episodes out) {
        phase = Phase.OK;
        asOf = t;
        out.resolved(this, t);
        open = null;
        count = 0;
    }

    static long plus(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
