package dev.telemetry.processor.anomaly;

/**
 * The time the detectors of one partition (one stream task) go by when nothing arrives: the <b>alert clock</b>.
 *
 * <ul>
 *   <li>Normally it is the partition's stream time minus a lag (the reorder delay: everything at or before that
 *       time has reached the detectors in order). Stream time comes from the data, so a replay after a restart,
 *       however fast, decides exactly as the first run did: a backlog does not look like a silence.</li>
 *   <li>Stream time only moves when records arrive. Once it has stood still for {@code idleAfter} of wall-clock
 *       time, the alert clock catches up: it runs on from where it stood by all the wall-clock time since, so that
 *       silences and {@code clearFor} still expire on a partition where nothing arrives any more (a device silent
 *       for 60 s is seen as silent for 60 s, not 60 - idleAfter). This is the one non-replayable input, and it
 *       only acts on a partition that has been idle for {@code idleAfter}.</li>
 *   <li>It never goes back. {@link #restore} continues from the value persisted before a restart.</li>
 * </ul>
 */
public final class AlertClock {

    /** No time known yet (no record since a start without persisted time). */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final long lagMs;
    private final long idleAfterMs;
    private long clock = UNKNOWN;
    private long lastStreamTime = Long.MIN_VALUE;
    private long clockAtMove = UNKNOWN;
    private long movedAt;

    /**
     * @param lagMs       how far behind stream time the clock runs
     * @param idleAfterMs wall-clock standstill of stream time after which the clock follows the wall clock
     * @param wallNow     the wall clock at start
     */
    public AlertClock(long lagMs, long idleAfterMs, long wallNow) {
        this.lagMs = lagMs;
        this.idleAfterMs = idleAfterMs;
        this.movedAt = wallNow;
    }

    /** Continues from a persisted clock value (null: none). */
    public void restore(Long persisted, long wallNow) {
        if (persisted != null && persisted > clock) {
            clock = persisted;
        }
        clockAtMove = clock;
        movedAt = wallNow;
    }

    /**
     * @param streamTime the task's stream time, negative while unknown
     * @param wallNow    the processor's wall clock
     * @return the alert clock, or {@link #UNKNOWN}
     */
    public long now(long streamTime, long wallNow) {
        if (streamTime != lastStreamTime && streamTime >= 0) {
            lastStreamTime = streamTime;
            clock = Math.max(clock, streamTime - lagMs);
            clockAtMove = clock;
            movedAt = wallNow;
        } else if (clockAtMove != UNKNOWN && wallNow - movedAt >= idleAfterMs) {
            clock = Math.max(clock, clockAtMove + (wallNow - movedAt));
        }
        return clock;
    }
}
