package dev.telemetry.simulator.replay;

import dev.telemetry.simulator.mqtt.Publisher;
import dev.telemetry.simulator.rate.Ticker;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Publishes replay items on their {@link ReplaySchedule}: parks until each is due (never spins),
 * then hands it to the publisher. Pure pacing: the clocks are passed in, so tests run it on a fake
 * clock and a fake publisher.
 */
public final class Replayer {

    private final Ticker ticker;
    private final LongSupplier wallMillis;
    private final BooleanSupplier stop;

    public Replayer(Ticker ticker, LongSupplier wallMillis, BooleanSupplier stop) {
        this.ticker = ticker;
        this.wallMillis = wallMillis;
        this.stop = stop;
    }

    /** Publishes every item in order; returns how many were handed to the publisher. */
    public long run(List<ReplayItem> items, double speed, boolean shiftToNow, Publisher publisher)
            throws InterruptedException {
        if (items.isEmpty()) {
            return 0;
        }
        ReplaySchedule schedule = new ReplaySchedule(speed, shiftToNow, items.get(0).sourceMillis(),
                ticker.nanoTime(), wallMillis.getAsLong());
        long sent = 0;
        for (ReplayItem item : items) {
            long due = schedule.dueNanos(item.sourceMillis());
            long early;
            while ((early = due - ticker.nanoTime()) > 0) {
                if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return sent;
                }
                ticker.parkNanos(early);
            }
            if (stop.getAsBoolean()) {
                return sent;
            }
            Long eventTime = schedule.eventTime(due, wallMillis.getAsLong());
            if (!publisher.publish(item.topic(), item.toOutgoing(eventTime), stop)) {
                return sent;
            }
            sent++;
        }
        return sent;
    }
}
