package dev.telemetry.simulator.rate;

import java.util.function.BooleanSupplier;

/**
 * Ticks one shard of the fleet on the {@link RatePlan}'s schedule: waits (parks, never spins) until
 * each tick's deadline, computed from the start, then hands the tick to a {@link TickHandler}.
 * When the handler is slow (e.g. the MQTT in-flight window is full) the pacer falls behind and
 * then catches up by ticking without waiting; if it falls more than {@code maxLagNanos} behind it
 * gives up on the missed time instead of bursting, and counts a lag reset.
 *
 * <p>Stops when the stop condition holds, the thread is interrupted (the flag is kept), the next
 * tick's global number reaches {@code maxMessages}, or its deadline reaches {@code endNanos}.
 */
public final class Pacer implements Runnable {

    /** Receives ticks; called on the pacer's thread. */
    @FunctionalInterface
    public interface TickHandler {
        void onTick(int deviceIndex, long globalTick) throws InterruptedException;
    }

    /** No limit for {@code maxMessages} or {@code endNanos}. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private final RatePlan plan;
    private final int[] devices;
    private final long startNanos;
    private final long endNanos;
    private final long maxMessages;
    private final long maxLagNanos;
    private final Ticker ticker;
    private final BooleanSupplier stopRequested;
    private final TickHandler handler;
    private volatile long lagResets;

    /**
     * @param devices     the device indices of this shard, ascending ({@link RatePlan#devicesOfShard})
     * @param startNanos  the run's start on the ticker's clock
     * @param endNanos    no tick is due at or after this instant; {@link #UNLIMITED} for none
     * @param maxMessages global tick numbers stop below this; {@link #UNLIMITED} for none
     */
    public Pacer(RatePlan plan, int[] devices, long startNanos, long endNanos, long maxMessages, long maxLagNanos,
            Ticker ticker, BooleanSupplier stopRequested, TickHandler handler) {
        this.plan = plan;
        this.devices = devices.clone();
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.maxMessages = maxMessages;
        this.maxLagNanos = maxLagNanos;
        this.ticker = ticker;
        this.stopRequested = stopRequested;
        this.handler = handler;
    }

    @Override
    public void run() {
        if (devices.length == 0) {
            return;
        }
        long base = startNanos;
        long cycle = 0;
        int position = 0;
        while (!stopRequested.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            int device = devices[position];
            long tick = plan.globalTick(cycle, device);
            if (tick >= maxMessages) {
                return;
            }
            long deadline = base + plan.offsetNanos(tick);
            if (endNanos != UNLIMITED && deadline - endNanos >= 0) {
                return;
            }
            long early = deadline - ticker.nanoTime();
            if (early > 0) {
                ticker.parkNanos(early);
                continue; // re-check stop and time: parking may end early
            }
            if (-early > maxLagNanos) {
                base -= early; // start the schedule afresh from now rather than burst to catch up
                lagResets++;
            }
            try {
                handler.onTick(device, tick);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (++position == devices.length) {
                position = 0;
                cycle++;
            }
        }
    }

    /** How often the pacer fell more than the allowed lag behind and skipped the missed time. */
    public long lagResets() {
        return lagResets;
    }
}
