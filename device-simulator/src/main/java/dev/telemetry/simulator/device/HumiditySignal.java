package dev.telemetry.simulator.device;

import java.util.SplittableRandom;

/**
 * Relative humidity in percent: a per-device base (35..65) and a daily sine (amplitude 5..15)
 * plus gaussian noise (sd 0.5), clamped to 0..100; one decimal.
 */
final class HumiditySignal implements Signal {

    private final SplittableRandom rng;
    private final double base;
    private final double amplitude;
    private final double phase;

    HumiditySignal(SplittableRandom rng) {
        this.rng = rng;
        this.base = Noise.uniform(rng, 35, 65);
        this.amplitude = Noise.uniform(rng, 5, 15);
        this.phase = Noise.uniform(rng, 0, 2 * Math.PI);
    }

    @Override
    public String metric() {
        return "humidity";
    }

    @Override
    public String unit() {
        return "%RH";
    }

    @Override
    public double next(long seq) {
        double value = base + amplitude * Noise.dailyCycle(seq, phase) + 0.5 * Noise.gaussian(rng);
        return Noise.round(Noise.clamp(value, 0, 100), 1);
    }
}
