package dev.telemetry.simulator.replay;

/**
 * When each item is due and which event time it carries. Item {@code i} is due
 * {@code (source_i - source_0) / speed} after the start (never before the previous item: a source
 * that goes back in time is sent at once); {@code speed} infinite means no waiting at all.
 * With {@code shiftToNow} an item's event time is its due time on the wall clock, so a replay
 * looks like live data at the replayed pace (at unlimited speed: the wall-clock time it is sent);
 * otherwise the original event time is kept.
 */
public final class ReplaySchedule {

    private final double speed;
    private final boolean shiftToNow;
    private final double firstSourceMillis;
    private final long startNanos;
    private final long startWallMillis;
    private long lastDueNanos;

    /**
     * @param speed            1 for the original pace, 10 for ten times faster, {@link Double#POSITIVE_INFINITY}
     *                         for as fast as possible
     * @param firstSourceMillis the first item's source time
     * @param startNanos       the replay's start on the pacing clock
     * @param startWallMillis  the replay's start on the wall clock (epoch ms)
     */
    public ReplaySchedule(double speed, boolean shiftToNow, double firstSourceMillis, long startNanos,
            long startWallMillis) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("--speed must be a positive factor or max, got " + speed);
        }
        this.speed = speed;
        this.shiftToNow = shiftToNow;
        this.firstSourceMillis = firstSourceMillis;
        this.startNanos = startNanos;
        this.startWallMillis = startWallMillis;
        this.lastDueNanos = startNanos;
    }

    /** Whether items are sent without waiting. */
    public boolean unlimited() {
        return Double.isInfinite(speed);
    }

    /** The due time of an item on the pacing clock; call in item order. */
    public long dueNanos(double sourceMillis) {
        if (unlimited()) {
            return startNanos;
        }
        long due = startNanos + Math.round((sourceMillis - firstSourceMillis) * 1e6 / speed);
        lastDueNanos = Math.max(lastDueNanos, due);
        return lastDueNanos;
    }

    /**
     * The event time to send, or null to keep the original.
     *
     * @param dueNanos    the item's {@link #dueNanos}
     * @param nowWallMillis the wall clock when it is sent (used at unlimited speed)
     */
    public Long eventTime(long dueNanos, long nowWallMillis) {
        if (!shiftToNow) {
            return null;
        }
        if (unlimited()) {
            return nowWallMillis;
        }
        return startWallMillis + Math.floorDiv(dueNanos - startNanos, 1_000_000L);
    }
}
