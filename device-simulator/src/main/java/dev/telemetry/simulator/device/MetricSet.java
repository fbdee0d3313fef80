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
