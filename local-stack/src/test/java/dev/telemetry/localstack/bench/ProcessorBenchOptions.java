package dev.telemetry.localstack.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@link ProcessorThroughputBench}, parsed from {@code --key value} arguments and checked once.
 *
 * @param readings         unique readings to pre-produce (duplicates come on top)
 * @param devices          devices; every device sends {@code metrics} readings per interval, so
 *                         {@code readings >= devices * metrics} puts every device in the state
 * @param metrics          metrics per device (one reading each per interval, like one multi-field message)
 * @param interval         event-time distance between two messages of a device
 * @param duplicates       fraction of readings sent twice (the second copy right after the first)
 * @param partitions       partitions of {@code telemetry.readings} and the processor's topics
 * @param rawRuns          passes of the plain consumer over the backlog; the last one counts (JIT warm)
 * @param queries          measured {@code GET /api/v1/devices/{id}} requests
 * @param warmupQueries    requests before measuring
 * @param queryThreads     client threads sending them (1: one request at a time)
 * @param verifyDevices    devices whose counters are compared with what was produced (at most {@code devices})
 * @param processorHeap    {@code -Xmx} of the processor's JVM
 * @param jfr              records a Java Flight Recording of the processor ({@code processor.jfr}) to find hot spots
 * @param brokers          Kafka brokers: 1 (the in-JVM broker) or 3 ({@code EmbeddedKafkaCluster}: replication 3,
 *                         min ISR 2, every topic and changelog replicated, as in production)
 * @param processor        further processor settings ({@code --processor key=value}, repeatable)
 * @param output           where {@code result.json} and the processor's logs go
 */
record ProcessorBenchOptions(long readings, int devices, int metrics, Duration interval, double duplicates,
        int partitions, int rawRuns, int queries, int warmupQueries, int queryThreads, int verifyDevices,
        String processorHeap, boolean jfr, int brokers, Map<String, String> processor, Path output) {

    /** The names of the metrics, in the order a device sends them, with their canonical units. */
    static final String[][] METRICS = {
        {"temperature", "Cel"}, {"humidity", "%RH"}, {"pressure", "Pa"}, {"battery", "%"}, {"co2", "ppm"},
        {"voltage", "V"}, {"current", "A"}, {"power", "W"}, {"light", "lx"}, {"noise", "dB"}};

    ProcessorBenchOptions {
        require(readings >= 1, "--readings must be at least 1");
        require(devices >= 1, "--devices must be at least 1");
        require(metrics >= 1 && metrics <= METRICS.length, "--metrics must be 1.." + METRICS.length);
        require(readings >= (long) devices * metrics, "--readings must be at least --devices x --metrics ("
                + (long) devices * metrics + ") so that every device has sent each metric once, got " + readings);
        require(!interval.isNegative() && !interval.isZero(), "--interval must be positive");
        require(duplicates >= 0 && duplicates < 1, "--duplicates is a fraction in [0, 1), got " + duplicates);
        require(partitions >= 1, "--partitions must be at least 1");
        require(rawRuns >= 1, "--raw-runs must be at least 1");
        require(queries >= 1 && warmupQueries >= 0, "--queries must be at least 1, --warmup-queries at least 0");
        require(queryThreads >= 1, "--query-threads must be at least 1");
        require(verifyDevices >= 0, "--verify-devices must not be negative");
        require(brokers == 1 || brokers == 3, "--brokers must be 1 or 3, got " + brokers);
        verifyDevices = Math.min(verifyDevices, devices);
        processor = Map.copyOf(processor);
    }

    /** Parses {@code --key value} pairs; every option has a default (see {@link ProcessorThroughputBench}). */
    static ProcessorBenchOptions parse(String... args) {
        Map<String, List<String>> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        Map<String, String> processor = new LinkedHashMap<>();
        for (String kv : opts.getOrDefault("processor", List.of())) {
            int eq = kv.indexOf('=');
            require(eq > 0, "--processor takes key=value, was " + kv);
            processor.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        ProcessorBenchOptions o = new ProcessorBenchOptions(
                Long.parseLong(take(opts, "readings", "2000000")),
                Integer.parseInt(take(opts, "devices", "100000")),
                Integer.parseInt(take(opts, "metrics", "3")),
                Duration.ofSeconds(Long.parseLong(take(opts, "interval-seconds", "10"))),
                Double.parseDouble(take(opts, "duplicates", "0.01")),
                Integer.parseInt(take(opts, "partitions", "6")),
                Integer.parseInt(take(opts, "raw-runs", "2")),
                Integer.parseInt(take(opts, "queries", "100000")),
                Integer.parseInt(take(opts, "warmup-queries", "20000")),
                Integer.parseInt(take(opts, "query-threads", "1")),
                Integer.parseInt(take(opts, "verify-devices", "1000")),
                take(opts, "processor-heap", "512m"),
                Boolean.parseBoolean(take(opts, "jfr", "false")),
                Integer.parseInt(take(opts, "brokers", "1")),
                processor,
                Path.of(take(opts, "output", "target/bench-processor")));
        opts.remove("processor");
        require(opts.isEmpty(), "unknown options " + opts.keySet());
        return o;
    }

    /** Replication factor of the topics: every broker holds a copy. */
    short replicationFactor() {
        return (short) brokers;
    }

    /** Readings per device, {@code d} in [0, devices): whole intervals, the last one possibly cut short. */
    long readingsOf(int device) {
        long perInterval = (long) devices * metrics;
        long full = readings / perInterval;
        long rest = readings % perInterval;
        long lastRound = Math.max(0, Math.min(metrics, rest - (long) device * metrics));
        return full * metrics + lastRound;
    }

    private static String take(Map<String, List<String>> opts, String key, String def) {
        List<String> v = opts.remove(key);
        return v == null ? def : v.get(v.size() - 1);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
