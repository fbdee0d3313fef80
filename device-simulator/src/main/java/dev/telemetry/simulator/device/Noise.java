package dev.telemetry.simulator.device;

import java.util.SplittableRandom;

/**
 * Random helpers with a fixed algorithm, so a seed gives the same values on every JDK
 * ({@code RandomGenerator.nextGaussian} is free to change between releases; StrictMath is not).
 */
final class Noise {

    /** Ticks in one simulated day: one tick per simulated minute. */
    static final double TICKS_PER_DAY = 1440;

    private Noise() {
    }

    /** A standard normal variate (Box-Muller), consuming exactly two doubles from {@code rng}. */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log(0) is not an option
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    static double uniform(SplittableRandom rng, double from, double to) {
        return from + (to - from) * rng.nextDouble();
    }

    /** The daily cycle, -1..1, at tick {@code seq} with the given phase (radians). */
    static double dailyCycle(long seq, double phase) {
        return StrictMath.sin(2 * Math.PI * (seq / TICKS_PER_DAY) + phase);
    }

    static double round(double value, int decimals) {
        double scale = StrictMath.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
