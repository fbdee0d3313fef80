package dev.telemetry.simulator.device;

import java.util.SplittableRandom;

/**
 * Air temperature in degrees Celsius: a per-device base (15..25), a daily sine (amplitude 2..6,
 * random phase), a slow mean-reverting drift and gaussian noise (sd 0.1); two decimals.
 */
final class TemperatureSignal implements Signal {

    private final SplittableRandom rng;
    private final double base;
    private final double amplitude;
    private final double phase;
    private double drift;

    TemperatureSignal(SplittableRandom rng) {
        this.rng = rng;
        this.base = Noise.uniform(rng, 15, 25);
        this.amplitude = Noise.uniform(rng, 2, 6);
        this.phase = Noise.uniform(rng, 0, 2 * Math.PI);
    }

    @Override
    public String metric() {
        return "temperature";
    }

    @Override
    public String unit() {
        return "Cel";
    }

    @Override
    public double next(long seq) {
        drift = 0.999 * drift + 0.02 * Noise.gaussian(rng);
        double value = base + amplitude * Noise.dailyCycle(seq, phase) + drift + 0.1 * Noise.gaussian(rng);
        return Noise.round(value, 2);
    }
}
