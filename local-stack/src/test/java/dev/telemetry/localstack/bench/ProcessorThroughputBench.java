package dev.telemetry.localstack.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.localstack.kafka.EmbeddedKafka;
import dev.telemetry.localstack.kafka.EmbeddedKafkaCluster;
import dev.telemetry.localstack.support.Ports;
import dev.telemetry.localstack.support.TempDirs;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The stream processor's throughput against the raw consume rate of its input, in one run on one machine
 * (issue 4's performance goals): the in-JVM KRaft Kafka, a backlog of readings produced into
 * {@code telemetry.readings} before anything is timed ({@link ReadingBacklog}), then
 * <ol>
 * <li><b>raw</b>: a plain consumer reads and deserializes the whole backlog ({@link RawConsumeRate});</li>
 * <li><b>processor</b>: the stream processor, exactly-once v2, in its own JVM with {@code -Xmx512m}
 *     ({@link ProcessorJvm}), processes the same backlog; timed from the moment it reports ready (Kafka Streams
 *     RUNNING: it cannot process before) until the committed offsets of its consumer group (the application
 *     id) reach the end offsets of the topic. With exactly-once the offsets are committed in the same
 *     transaction as the state and output, so this is "everything processed and visible";</li>
 * <li><b>heap</b>: the processor's heap in use right after a full GC, with every device in its state;</li>
 * <li><b>queries</b>: {@code GET /api/v1/devices/{id}} for random devices, latency percentiles
 *     ({@link StateQueries}); then the counters of some devices are compared with what was produced.</li>
 * </ol>
 * Results: a table on stdout and {@code result.json}. Not a test: a tool; see {@code docs/benchmarks.md}.
 *
 * <p>Options (defaults in brackets): {@code --readings N} [2000000], {@code --devices N} [100000],
 * {@code --metrics N} [3] per device, {@code --interval-seconds N} [10] between a device's messages,
 * {@code --duplicates F} [0.01], {@code --partitions N} [6], {@code --raw-runs N} [2],
 * {@code --queries N} [100000], {@code --warmup-queries N} [20000], {@code --query-threads N} [1],
 * {@code --verify-devices N} [1000], {@code --processor-heap SIZE} [512m], {@code --jfr true} [false] to
 * profile the processor into {@code processor.jfr}, {@code --processor key=value}
 * (repeatable; any processor setting, e.g. {@code num.stream.threads=2}), {@code --output DIR}
 * [target/bench-processor].
 */
public final class ProcessorThroughputBench {

    static final long GOAL_READINGS_PER_SECOND = 50_000;
    static final double GOAL_RATIO = 0.3;
    static final double GOAL_QUERY_P99_MS = 10;
    static final long GOAL_HEAP_MIB = 512;
    private static final Duration STUCK = Duration.ofSeconds(180);

    /** The processor's run: seconds from ready to all committed, records committed when it became ready. */
    record ProcessorRun(double startupSeconds, long committedAtReady, long committed, double seconds, long cpuNanos,
            List<long[]> timeline) {
        double perSecond() {
            return committed / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        run(ProcessorBenchOptions.parse(args));
    }

    /** Runs the benchmark; returns the result file. Throws when readings went missing or queries failed. */
    static Path run(ProcessorBenchOptions o) throws Exception {
        System.out.printf(Locale.ROOT, "processor throughput benchmark: %d cores, Java %s, load %s; %,d readings"
                        + " (+%.1f%% duplicates) of %,d devices x %d metrics, %d partitions, %d broker(s);"
                        + " processor -Xmx%s %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage(),
                o.readings(), o.duplicates() * 100, o.devices(), o.metrics(), o.partitions(), o.brokers(), o.processorHeap(),
                o.processor());
        String loadBefore = loadAverage();
        Path kafkaDir = TempDirs.create("bench-processor-kafka");
        Path stateDir = TempDirs.create("bench-processor-state");
        ObjectNode json = Json.mapper().createObjectNode();
        try (Brokers kafka = Brokers.start(o.brokers(), kafkaDir)) {
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            ReadingBacklog.createTopic(admin, Topics.READINGS, o.partitions(), o.replicationFactor());
            ReadingBacklog.Produced produced = ReadingBacklog.produce(kafka.bootstrapServers(), Topics.READINGS, o);
            long records;
            try (Admin a = Admin.create(admin)) {
                records = endOffsets(a, o.partitions());
            }
            System.out.printf(Locale.ROOT, "backlog: %,d records (%,d readings + %,d duplicates) produced in %.1f s%n",
                    records, produced.readings(), produced.duplicates(), produced.seconds());
            if (records != produced.records()) {
                throw new IllegalStateException(Topics.READINGS + " holds " + records + " records, produced "
                        + produced.records());
            }

            List<RawConsumeRate.Pass> raw = new ArrayList<>();
            for (int run = 1; run <= o.rawRuns(); run++) {
                RawConsumeRate.Pass pass = RawConsumeRate.measure(kafka.bootstrapServers(), Topics.READINGS,
                        o.partitions(), records);
                raw.add(pass);
                System.out.printf(Locale.ROOT, "raw consumer pass %d: %,.0f readings/s (%.1f s, %.1f µs CPU/reading)%n",
                        run, pass.perSecond(), pass.seconds(), pass.cpuNanos() / 1e3 / pass.records());
            }

            Map<String, String> settings = processorSettings(o, kafka.bootstrapServers(), stateDir);
            try (ProcessorJvm processor = ProcessorJvm.start(o.processorHeap(), o.jfr(), settings, o.output());
                 Admin a = Admin.create(admin)) {
                ProcessorRun run = awaitProcessed(processor, a, settings.get("application.id"), o.partitions(),
                        records);
                System.out.printf(Locale.ROOT, "processor: %,.0f readings/s (%,d records in %.1f s after a %.1f s"
                                + " start-up, %,d already committed when ready; %.1f µs CPU/reading)%n",
                        run.perSecond(), run.committed(), run.seconds(), run.startupSeconds(), run.committedAtReady(),
                        run.cpuNanos() / 1e3 / run.committed());
                long heap = processor.heapUsedAfterFullGc();
                long resident = processor.residentBytes();
                long maxAfterGc = processor.maxHeapAfterGcMiB();
                System.out.printf(Locale.ROOT, "processor heap after a full GC with %,d devices: %.1f MiB (most"
                                + " after any GC during the run: %d MiB; resident set %.0f MiB)%n",
                        o.devices(), heap / 1048576.0, maxAfterGc, resident / 1048576.0);

                StateQueries queries = new StateQueries(processor.httpPort());
                StateQueries.Latency latency = queries.measure(o.devices(), o.warmupQueries(), o.queries(),
                        o.queryThreads());
                StateQueries.Check check = queries.check(o, produced, o.verifyDevices());
                processor.requireAlive();
                ProcessorBenchReport.fill(json, o, produced, raw, run,
                        new ProcessorBenchReport.Memory(heap, maxAfterGc, resident), latency, check, loadBefore,
                        loadAverage());
            }
        } finally {
            TempDirs.deleteRecursively(kafkaDir);
            TempDirs.deleteRecursively(stateDir);
        }
        Files.createDirectories(o.output());
        Path file = o.output().resolve("result.json");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        ProcessorBenchReport.printTable(json);
        System.out.println("details in " + file.toAbsolutePath() + "; processor log and GC log next to it");
        ProcessorBenchReport.requireComplete(json);
        return file;
    }

    /** The processor's configuration: exactly-once v2, this benchmark's Kafka and topics, then the overrides. */
    private static Map<String, String> processorSettings(ProcessorBenchOptions o, String bootstrap, Path stateDir) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("application.id", "bench-processor-" + UUID.randomUUID().toString().substring(0, 8));
        s.put("kafka.bootstrap.servers", bootstrap);
        s.put("processing.guarantee", "exactly_once_v2");
        s.put("http.host", "127.0.0.1");
        s.put("http.port", Integer.toString(Ports.freePort()));
        s.put("state.dir", stateDir.toString());
        s.put("topics.partitions", Integer.toString(o.partitions()));
        s.put("topics.replication-factor", Short.toString(o.replicationFactor()));
        // the run measures processing, not an offline storm: a long run would otherwise see every device go silent
        s.put("device.offline-after", "1h");
        // queries are timed without a bearer token check (a SHA-256 of the header: microseconds)
        s.put("api.auth.mode", "off");
        s.putAll(o.processor());
        return s;
    }

    /**
     * Waits for the processor to become ready, then until its committed offsets reach {@code records}, sampling
     * them every 100 ms (one sample a second is kept as the timeline).
     */
    private static ProcessorRun awaitProcessed(ProcessorJvm processor, Admin admin, String group, int partitions,
            long records) throws Exception {
        long launched = System.nanoTime();
        processor.awaitReady(Duration.ofMinutes(5));
        long ready = System.nanoTime();
        long cpuAtReady = processor.cpuNanos();
        long atReady = committed(admin, group);
        List<long[]> timeline = new ArrayList<>();
        long committed = atReady;
        long lastChange = ready;
        long nextSample = ready;
        while (committed < records) {
            TimeUnit.MILLISECONDS.sleep(100);
            processor.requireAlive();
            long now = System.nanoTime();
            long c = committed(admin, group);
            if (c != committed) {
                committed = c;
                lastChange = now;
            } else if (now - lastChange > STUCK.toNanos()) {
                throw new IllegalStateException("the processor committed " + committed + " of " + records
                        + " records and then nothing for " + STUCK.toSeconds() + " s");
            }
            if (now >= nextSample || committed >= records) {
                long ms = TimeUnit.NANOSECONDS.toMillis(now - ready);
                timeline.add(new long[] {ms, committed});
                nextSample = now + TimeUnit.SECONDS.toNanos(1);
                if (timeline.size() % 10 == 0) {
                    System.out.printf(Locale.ROOT, "processor: %,d of %,d records committed after %d s%n", committed,
                            records, ms / 1000);
                }
            }
        }
        long done = System.nanoTime();
        return new ProcessorRun((ready - launched) / 1e9, atReady, committed, (done - ready) / 1e9,
                processor.cpuNanos() - cpuAtReady, timeline);
    }

    /** Offsets the group has committed on the readings topic, summed over partitions. */
    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.READINGS) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static long endOffsets(Admin admin, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(Topics.READINGS, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    /** The 1, 5 and 15 minute load averages: how busy the machine was (the benchmark itself included). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private ProcessorThroughputBench() {
    }

    /** One in-JVM broker, or a 3-node cluster (RF 3, min ISR 2) for the scale-out figures. */
    private record Brokers(String bootstrapServers, AutoCloseable handle) implements AutoCloseable {

        static Brokers start(int brokers, Path dataDir) {
            if (brokers == 1) {
                EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir);
                return new Brokers(kafka.bootstrapServers(), kafka);
            }
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(brokers);
            return new Brokers(cluster.bootstrapServers(), cluster);
        }

        @Override
        public void close() throws Exception {
            handle.close();
        }
    }
}
