package dev.telemetry.localstack.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of {@link ScaleOutBench}, parsed from {@code --key value} arguments and checked once. The defaults
 * finish in about four minutes on a 2-core machine (start-up, two minutes of load, drain and check).
 *
 * @param rate            readings offered per second over MQTT (one reading per message, QoS 1)
 * @param devices         devices; readings go to them in turn, so each device sends {@code rate / devices} per second
 * @param duration        how long readings are offered; the fault timeline is placed at fractions of it
 * @param queryRate       device queries per second sent to the live processor instances in the background
 * @param partitions      partitions of {@code telemetry.readings} and the processor's topics
 * @param settleTimeout   how long after the load the pipeline may take to drain before the run counts as failed
 * @param seed            seed of the readings' values (the same seed gives the same values)
 * @param processor       further settings of the three processor instances ({@code --processor key=value},
 *                        repeatable), applied over the scenario's own, e.g. {@code commit.interval=1s}
 * @param gateway         further settings of every gateway ({@code --gateway key=value}, repeatable), e.g.
 *                        {@code mqtt.shutdown.mode=leave} so that the removed gateway drains and ends its session
 * @param output          where {@code result.json} and {@code pipeline.log} go
 */
record ScaleOutOptions(int rate, int devices, Duration duration, int queryRate, int partitions,
        Duration settleTimeout, long seed, Map<String, String> processor, Map<String, String> gateway, Path output) {

    ScaleOutOptions {
        require(rate >= 1 && rate <= 100_000, "--rate must be 1..100000 readings/s, got " + rate);
        require(devices >= 3, "--devices must be at least 3 (one per processor instance), got " + devices);
        require(duration.toSeconds() >= 20, "--duration must be at least 20 s so that every phase of the timeline"
                + " lasts a second or more, got " + duration.toSeconds() + " s");
        require(queryRate >= 0 && queryRate <= 1000, "--query-rate must be 0..1000, got " + queryRate);
        require(partitions >= 3, "--partitions must be at least 3 (one per processor instance), got " + partitions);
        require(!settleTimeout.isNegative() && !settleTimeout.isZero(), "--settle-timeout-seconds must be positive");
        processor = Map.copyOf(processor);
        gateway = Map.copyOf(gateway);
    }

    /** Parses {@code --key value} pairs; every option has a default (see {@link ScaleOutBench}). */
    static ScaleOutOptions parse(String... args) {
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, String> processor = new LinkedHashMap<>();
        Map<String, String> gateway = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            String key = args[i].substring(2);
            String value = args[++i];
            if (key.equals("processor") || key.equals("gateway")) {
                int eq = value.indexOf('=');
                require(eq > 0, "--" + key + " takes key=value, was " + value);
                (key.equals("processor") ? processor : gateway).put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                opts.put(key, value);
            }
        }
        ScaleOutOptions o = new ScaleOutOptions(
                Integer.parseInt(take(opts, "rate", "1000")),
                Integer.parseInt(take(opts, "devices", "500")),
                Duration.ofSeconds(Long.parseLong(take(opts, "duration", "120"))),
                Integer.parseInt(take(opts, "query-rate", "20")),
                Integer.parseInt(take(opts, "partitions", "6")),
                Duration.ofSeconds(Long.parseLong(take(opts, "settle-timeout-seconds", "180"))),
                Long.parseLong(take(opts, "seed", "8")),
                processor,
                gateway,
                Path.of(take(opts, "output", "target/bench-scale-out")));
        require(opts.isEmpty(), "unknown options " + opts.keySet());
        return o;
    }

    /** Readings offered over the whole run. */
    long readings() {
        return rate * duration.toSeconds();
    }

    private static String take(Map<String, String> opts, String key, String def) {
        String v = opts.remove(key);
        return v == null ? def : v;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
