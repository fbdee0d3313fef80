package dev.telemetry.simulator.bench;

import dev.telemetry.simulator.device.MetricSet;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The benchmark's scenarios and their defaults; every default can be overridden on the command line.
 *
 * @param devices         simulated devices
 * @param rate            target readings/s; the max scenarios ask for far more than any pipeline takes,
 *                        so publishing is closed-loop: each connection keeps {@code maxInFlight} QoS 1
 *                        messages unacknowledged and sends the next as soon as one is acknowledged
 * @param duration        how long to publish
 * @param warmup          left out of rates and latency
 * @param connections     MQTT connections of the devices
 * @param maxInFlight     unacknowledged messages per connection
 * @param format          payload format
 * @param metrics         readings per message
 * @param topicPrefix     where the devices publish: the gateway must decode that prefix in this format
 *                        ({@code senml/<id>} as SenML JSON for max-packs: the local stack subscribes so)
 */
public record Scenario(String name, int devices, double rate, Duration duration, Duration warmup, int connections,
        int maxInFlight, String format, Supplier<MetricSet> metrics, String topicPrefix) {

    Scenario(String name, int devices, double rate, Duration duration, Duration warmup, int connections,
            int maxInFlight, String format, Supplier<MetricSet> metrics) {
        this(name, devices, rate, duration, warmup, connections, maxInFlight, format, metrics, "sensors");
    }

    /** Names accepted by {@code --scenario}. */
    public static final String NAMES = "steady, max, max-packs, devices-100k, outage, alerts";

    public static Scenario named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "steady" -> new Scenario("steady", 500, 5_000, Duration.ofSeconds(60), Duration.ofSeconds(10), 4,
                    1_000, "json", MetricSet::standard);
            case "max" -> new Scenario("max", 1_000, 10_000_000, Duration.ofSeconds(60), Duration.ofSeconds(10), 4,
                    1_000, "json", MetricSet::single);
            case "max-packs" -> new Scenario("max-packs", 1_000, 10_000_000, Duration.ofSeconds(60),
                    Duration.ofSeconds(10), 4, 1_000, "senml-json", () -> MetricSet.pack(10), "senml");
            // 2,000 readings/s of 3-reading messages: every device once in 150 s, so the run reaches them all
            case "devices-100k" -> new Scenario("devices-100k", 100_000, 2_000, Duration.ofSeconds(160),
                    Duration.ofSeconds(10), 20, 1_000, "json", MetricSet::standard);
            case "outage" -> new Scenario("outage", 500, 5_000, Duration.ofSeconds(120), Duration.ofSeconds(10), 4,
                    1_000, "json", MetricSet::standard);
            case "alerts" -> new Scenario("alerts", 500, 1_000, Duration.ofSeconds(60), Duration.ofSeconds(10), 4,
                    1_000, "json", MetricSet::standard);
            default -> throw new IllegalArgumentException("--scenario must be one of " + NAMES + ", got '" + name + "'");
        };
    }

    /** Whether publishing is closed-loop at the highest rate the pipeline acknowledges. */
    public boolean closedLoop() {
        return name.startsWith("max");
    }
}
