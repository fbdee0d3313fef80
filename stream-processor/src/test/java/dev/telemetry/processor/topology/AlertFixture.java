package dev.telemetry.processor.topology;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Rule;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.processor.anomaly.AlertsConfig;
import dev.telemetry.processor.testing.Readings;
import dev.telemetry.model.JsonSerde;
import dev.telemetry.processor.anomaly.Detectors;
import dev.telemetry.processor.anomaly.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole topology in a TopologyTestDriver, seen from the alerts' side: rules in, readings in, anomalies out.
 * The reorder delay is 1 ms, and {@link #reading} flushes the reorder buffer after each reading, so that every
 * reading reaches the detectors at once; the wall clock moves only when a test says so.
 *
 * <p>{@link #restart()} closes the driver and opens a new one on the state the first one changelogged.
 */
final class AlertFixture implements AutoCloseable {

    static final Duration REORDER = Duration.ofMillis(1);
    static final Duration CHECK = Duration.ofSeconds(1);
    static final Duration IDLE_AFTER = Duration.ofSeconds(10);
    /** Event times of the tests are around this; the wall clock starts there too. */
    static final long T0 = 1_700_000_000_000L;

    private final String name;
    private final TopologyConfig cfg;
    private final List<TestRecord<String, byte[]>> ruleLog = new ArrayList<>();
    private Instant wallClock;
    TopologyTestDriver driver;
    private TestInputTopic<String, Reading> readings;
    private TestInputTopic<String, byte[]> rules;
    private TestOutputTopic<String, Anomaly> anomalies;
    private final List<Anomaly> emitted = new ArrayList<>();
    private final Map<String, Map<Bytes, byte[]>> changelogs = new HashMap<>();

    /** The task's key-value stores and the serdes of their values. */
    private static final Map<String, Deserializer<?>> KEY_VALUE_STORES = Map.ofEntries(
            Map.entry(StateTopology.STATE_STORE, new DeviceStateSerde().deserializer()),
            Map.entry(StateTopology.WINDOW_PROGRESS_STORE, new TimestampSerde().deserializer()),
            Map.entry(StateTopology.REORDER_BUFFER_STORE, new ByteArrayDeserializer()),
            Map.entry(StateTopology.REORDER_RELEASED_STORE, new TimestampSerde().deserializer()),
            Map.entry(StateTopology.ALERT_SERIES_STORE, new JsonSerde<>(Series.class).deserializer()),
            Map.entry(StateTopology.ALERT_TIMER_STORE, new StringDeserializer()),
            Map.entry(StateTopology.ACTIVE_ALERTS_STORE, TelemetrySerdes.anomaly().deserializer()),
            Map.entry(StateTopology.ALERT_PROGRESS_STORE, new TimestampSerde().deserializer()),
            Map.entry(StateTopology.OUTLIER_STATE_STORE, new JsonSerde<>(Detectors.outlier().stateClass())
                    .deserializer()));
    /** The task's window stores and the serdes of their values. */
    private static final Map<String, Deserializer<?>> WINDOW_STORES = Map.of(
            StateTopology.DEDUPE_STORE, new LongDeserializer(),
            StateTopology.WINDOW_STORE, new WindowAccumulatorSerde().deserializer());

    AlertFixture(String name) {
        this(name, AlertsConfig.defaults());
    }

    AlertFixture(String name, AlertsConfig alerts) {
        this.name = name;
        this.cfg = new TopologyConfig("r", "s", "o", "a", Duration.ofHours(1), Duration.ofMinutes(5), REORDER,
                Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(2))
                .withAlerts(alerts.withTopics("anomalies", "rules").withClock(CHECK, IDLE_AFTER));
        this.wallClock = Instant.ofEpochMilli(T0);
        deleteRecursively(stateDir());
        open();
    }

    @SuppressWarnings("deprecation") // the global-handler switch, set only to keep StreamsConfig from warning
    private void open() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-fixture");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(StateTopology.build(cfg), props, wallClock);
        readings = driver.createInputTopic(cfg.readingsTopic(), new StringSerializer(),
                TelemetrySerdes.reading().serializer());
        rules = driver.createInputTopic(cfg.alerts().rulesTopic(), new StringSerializer(),
                (topic, bytes) -> bytes);
        anomalies = driver.createOutputTopic(cfg.alerts().anomaliesTopic(), new StringDeserializer(),
                TelemetrySerdes.anomaly().deserializer());
        // the rules topic is compacted and global: a new instance reads all of it again
        for (TestRecord<String, byte[]> r : ruleLog) {
            rules.pipeInput(r);
        }
    }

    private Path stateDir() {
        return Path.of("target", "ttd-state", "alerts-" + name);
    }

    void rule(Rule rule) {
        pipeRule(new TestRecord<>(rule.id(), TelemetrySerdes.rule().serializer().serialize("rules", rule)));
    }

    /** A record on the rules topic that is not a rule, as anyone with write access could produce. */
    void rawRule(String id, String json) {
        pipeRule(new TestRecord<>(id, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    void deleteRule(String id) {
        pipeRule(new TestRecord<>(id, (byte[]) null));
    }

    private void pipeRule(TestRecord<String, byte[]> record) {
        ruleLog.add(record);
        rules.pipeInput(record);
    }

    /** A numeric reading of {@code device} at event time {@code time} ms, delivered to the detectors at once. */
    void reading(String device, String metric, double value, long time) {
        pipe(Readings.reading(device, metric, value, time));
    }

    void pipe(Reading r) {
        readings.pipeInput(new TestRecord<>(r.deviceId(), r, Instant.ofEpochMilli(Math.max(0, r.eventTime()))));
        advance(REORDER); // the reorder buffer's quiet-partition flush releases it
    }

    /** A reading with a sequence number. */
    void reading(String device, String metric, double value, long time, long seq) {
        pipe(Readings.reading(device, metric, ReadingValue.of(value), time, seq, time + 5));
    }

    /** Moves the wall clock; punctuations (reorder flush, the alert check) that fell due run once. */
    void advance(Duration d) {
        wallClock = wallClock.plus(d);
        driver.advanceWallClockTime(d);
    }

    /** Moves the wall clock in steps of the check interval, so the check runs after each. */
    void advanceInChecks(Duration d) {
        for (long left = d.toMillis(); left > 0; left -= CHECK.toMillis()) {
            advance(Duration.ofMillis(Math.min(left, CHECK.toMillis())));
        }
    }

    /** Every alert emitted since the fixture started (across restarts), in order. */
    List<Anomaly> alerts() {
        while (!anomalies.isEmpty()) {
            emitted.add(anomalies.readValue());
        }
        return List.copyOf(emitted);
    }

    /** The active-alerts view. */
    List<Anomaly> active() {
        KeyValueStore<String, Anomaly> store = driver.getKeyValueStore(StateTopology.ACTIVE_ALERTS_STORE);
        List<Anomaly> out = new ArrayList<>();
        try (KeyValueIterator<String, Anomaly> it = store.all()) {
            it.forEachRemaining((KeyValue<String, Anomaly> kv) -> out.add(kv.value));
        }
        return out;
    }

    /**
     * Closes this instance and starts another on the state the first one left in its changelog topics, restored
     * into the new instance's stores: what Kafka Streams does when a task moves to another instance or comes back
     * after its local state was lost. (A restart on the same disk reopens the same RocksDB files, which hold the
     * same content; TopologyTestDriver cannot do that, it deletes its state directory on close.) Every store must
     * be changelogged for this to carry the state over.
     */
    void restart() {
        alerts();
        for (String store : KEY_VALUE_STORES.keySet()) {
            readChangelog(store);
        }
        for (String store : WINDOW_STORES.keySet()) {
            readChangelog(store);
        }
        // TopologyTestDriver initializes the processors before this can fill the stores, and the reorder buffer
        // loads its store in init (Kafka Streams restores before init); ReorderRestoreTest covers that instead
        boolean readingsWaiting = changelogs.getOrDefault(StateTopology.REORDER_BUFFER_STORE, Map.of()).values()
                .stream().anyMatch(v -> v != null);
        if (readingsWaiting) {
            throw new IllegalStateException("restart() with readings waiting in the reorder buffer: advance stream"
                    + " time past the reorder delay first");
        }
        driver.close();
        open();
        KEY_VALUE_STORES.forEach((store, values) -> {
            KeyValueStore<String, Object> kv = driver.getKeyValueStore(store);
            changelogs.getOrDefault(store, new LinkedHashMap<>()).forEach((key, value) -> {
                if (value != null) {
                    kv.put(new String(key.get(), StandardCharsets.UTF_8), values.deserialize(store, value));
                }
            });
        });
        WINDOW_STORES.forEach((store, values) -> {
            WindowStore<String, Object> ws = driver.getWindowStore(store);
            changelogs.getOrDefault(store, new LinkedHashMap<>()).forEach((key, value) -> {
                if (value != null) {
                    // changelog key of a window store: the key, the window start (8 bytes), a sequence number (4)
                    ByteBuffer b = ByteBuffer.wrap(key.get());
                    byte[] raw = new byte[key.get().length - 12];
                    b.get(raw);
                    ws.put(new String(raw, StandardCharsets.UTF_8), values.deserialize(store, value), b.getLong());
                }
            });
        });
    }

    private void readChangelog(String store) {
        String topic = "alert-fixture-" + store + "-changelog";
        if (!driver.producedTopicNames().contains(topic)) {
            return;
        }
        Map<Bytes, byte[]> log = changelogs.computeIfAbsent(store, s -> new LinkedHashMap<>());
        TestOutputTopic<byte[], byte[]> t = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        for (TestRecord<byte[], byte[]> r : t.readRecordsToList()) {
            log.put(Bytes.wrap(r.key()), r.value()); // compacted: the last value per key, null = deleted
        }
    }

    @Override
    public void close() {
        driver.close();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
