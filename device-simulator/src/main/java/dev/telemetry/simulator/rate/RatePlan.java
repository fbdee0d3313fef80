package dev.telemetry.simulator.rate;

import java.time.Duration;
import java.util.stream.IntStream;

/**
 * The schedule of a run: when each device ticks. A reading is one metric value and one message
 * carries {@code metricsPerMessage} readings, so the fleet sends {@code readingsPerSecond /
 * metricsPerMessage} messages per second and each device ticks every {@code devices *
 * metricsPerMessage / readingsPerSecond} seconds.
 *
 * <p>Ticks are numbered globally: tick {@code g} belongs to device {@code g % devices} (its cycle
 * {@code g / devices}) and is due {@code g * messagePeriod} after the start. Devices are thus spread
 * evenly over the interval instead of firing together, and every deadline is computed from the
 * start, so rounding never accumulates into drift.
 */
public record RatePlan(int devices, int metricsPerMessage, double readingsPerSecond) {

    public RatePlan {
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be at least 1, got " + devices);
        }
        if (metricsPerMessage < 1) {
            throw new IllegalArgumentException("metricsPerMessage must be at least 1, got " + metricsPerMessage);
        }
        if (!(readingsPerSecond > 0) || Double.isInfinite(readingsPerSecond)) {
            throw new IllegalArgumentException("readingsPerSecond must be a positive number, got " + readingsPerSecond);
        }
    }

    /** Messages per second for the whole fleet. */
    public double messagesPerSecond() {
        return readingsPerSecond / metricsPerMessage;
    }

    /** Time between two consecutive messages of the fleet, in nanoseconds (fractional). */
    public double messagePeriodNanos() {
        return 1e9 * metricsPerMessage / readingsPerSecond;
    }

    /** Time between two ticks of the same device, in nanoseconds (fractional). */
    public double deviceIntervalNanos() {
        return messagePeriodNanos() * devices;
    }

    /** Time between two ticks of the same device, rounded to the nanosecond. */
    public Duration deviceInterval() {
        return Duration.ofNanos(Math.round(deviceIntervalNanos()));
    }

    /** The global number of cycle {@code cycle} of device {@code deviceIndex}. */
    public long globalTick(long cycle, int deviceIndex) {
        return cycle * devices + deviceIndex;
    }

    /** When global tick {@code tick} is due, in nanoseconds after the start. */
    public long offsetNanos(long tick) {
        return Math.round(tick * messagePeriodNanos());
    }

    /** Messages needed to send at least {@code readings} readings (whole messages: rounds up). */
    public long messagesFor(long readings) {
        return (readings + metricsPerMessage - 1) / metricsPerMessage;
    }

    /**
     * The devices that shard {@code shard} of {@code shards} ticks: every index congruent to
     * {@code shard} modulo {@code shards}, so each shard's devices stay spread over the interval.
     */
    public int[] devicesOfShard(int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
        return IntStream.iterate(shard, d -> d < devices, d -> d + shards).toArray();
    }
}
