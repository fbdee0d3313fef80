package dev.telemetry.simulator.device;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The metrics every simulated device reports, in payload order. Each message carries one value
 * of each metric, so {@link #size()} is the number of readings per message.
 */
public final class MetricSet {

    private final List<String> names;
    private final List<Function<SplittableRandom, Signal>> factories;

    private MetricSet(List<String> names, List<Function<SplittableRandom, Signal>> factories) {
        this.names = List.copyOf(names);
        this.factories = List.copyOf(factories);
    }

    /** temperature (Cel), humidity (%RH), pressure (Pa). */
    public static MetricSet standard() {
        return new MetricSet(List.of("temperature", "humidity", "pressure"),
                List.of(TemperatureSignal::new, HumiditySignal::new, PressureSignal::new));
    }

    /** temperature (Cel) only: one reading per message, for throughput runs that count messages as readings. */
    public static MetricSet single() {
        return new MetricSet(List.of("temperature"), List.of(TemperatureSignal::new));
    }

    /**
     * {@code n} metrics per message for packs: temperature, humidity and pressure repeated, the repeats
     * named with a suffix ({@code temperature.2}, {@code humidity.2}, ...) so every metric is its own series.
     */
    public static MetricSet pack(int n) {
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("a pack has 1..100 metrics, got " + n);
        }
        List<String> bases = List.of("temperature", "humidity", "pressure");
        List<Function<SplittableRandom, Signal>> kinds = List.of(TemperatureSignal::new, HumiditySignal::new,
                PressureSignal::new);
        List<String> names = new java.util.ArrayList<>();
        List<Function<SplittableRandom, Signal>> factories = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = bases.get(i % 3) + (i < 3 ? "" : "." + (i / 3 + 1));
            Function<SplittableRandom, Signal> kind = kinds.get(i % 3);
            names.add(name);
            factories.add(rng -> new Renamed(kind.apply(rng), name));
        }
        return new MetricSet(names, factories);
    }

    /** A signal published under another metric name. */
    private record Renamed(Signal signal, String metric) implements Signal {
        @Override
        public String unit() {
            return signal.unit();
        }

        @Override
        public double next(long seq) {
            return signal.next(seq);
        }
    }

    /** Readings per message. */
    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    /** One device's signals, drawing their parameters from {@code rng} in a fixed order. */
    List<Signal> create(SplittableRandom rng) {
        return factories.stream().map(f -> f.apply(rng)).toList();
    }
}
