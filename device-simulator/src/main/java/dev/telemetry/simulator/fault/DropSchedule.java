package dev.telemetry.simulator.fault;

import dev.telemetry.simulator.device.DeviceModel;
import java.util.SplittableRandom;

/**
 * When to cut one MQTT connection ({@code --connection-drops}): a drop is drawn after each tick
 * published on the connection, with the probability that gives the configured drops per minute at
 * the run's target rate. Drawn per tick, not per wall-clock time, so the same seed drops after the
 * same messages on every run, however fast the broker is. Not thread-safe: one per connection,
 * used by its pacer thread.
 */
public final class DropSchedule {

    /** Mixed into the run's seed so drops are independent of values and message faults. */
    private static final long DROP_SALT = 0x2545F4914F6CDD1DL;

    private final SplittableRandom rng;
    private final double probability;

    /**
     * @param dropsPerMinute    drops per connection per minute (0 for none)
     * @param ticksPerSecond    ticks published on this connection per second at the target rate
     * @param seed              the run's seed
     * @param connection        the connection's 0-based number
     */
    public DropSchedule(double dropsPerMinute, double ticksPerSecond, long seed, int connection) {
        if (!(dropsPerMinute >= 0) || !Double.isFinite(dropsPerMinute)) {
            throw new IllegalArgumentException("--connection-drops must be a number of drops per connection per"
                    + " minute, 0 or more, got " + dropsPerMinute);
        }
        if (!(ticksPerSecond > 0)) {
            throw new IllegalArgumentException("ticksPerSecond must be positive, got " + ticksPerSecond);
        }
        this.rng = new SplittableRandom(DeviceModel.deviceSeed(seed ^ DROP_SALT, connection));
        this.probability = Math.min(1, dropsPerMinute / 60 / ticksPerSecond);
    }

    /** The chance that a tick is followed by a drop. */
    public double probability() {
        return probability;
    }

    /** Whether to drop the connection after the tick just published; one draw per call. */
    public boolean dropAfterTick() {
        return rng.nextDouble() < probability;
    }
}
