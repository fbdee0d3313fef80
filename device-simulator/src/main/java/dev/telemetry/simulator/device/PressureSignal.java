package dev.telemetry.simulator.device;

import java.util.SplittableRandom;

/**
 * Barometric pressure in pascals: a per-device base around 101325 (sd 300, for altitude), a slow
 * mean-reverting "weather" walk and gaussian noise (sd 3); one decimal.
 */
final class PressureSignal implements Signal {

    private static final double STANDARD_ATMOSPHERE = 101_325.0;

    private final SplittableRandom rng;
    private final double base;
    private double weather;

    PressureSignal(SplittableRandom rng) {
        this.rng = rng;
        this.base = STANDARD_ATMOSPHERE + 300 * Noise.gaussian(rng);
    }

    @Override
    public String metric() {
        return "pressure";
    }

    @Override
    public String unit() {
        return "Pa";
    }

    @Override
    public double next(long seq) {
        weather = 0.999 * weather + 5 * Noise.gaussian(rng);
        return Noise.round(base + weather + 3 * Noise.gaussian(rng), 1);
    }
}
