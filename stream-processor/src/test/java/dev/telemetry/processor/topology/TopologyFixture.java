package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.model.WindowAggregate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole topology in a TopologyTestDriver, with every topic and store at hand. Record timestamps are
 * always explicit; the wall clock starts at {@code wallClockStart} and only moves with {@link #advanceWallClock}.
 */
final class TopologyFixture implements AutoCloseable {

    static final String READINGS = "test.readings";
    static final String STATES = "test.device-state";
    static final String ORDERED = "test.readings.ordered";
    static final String AGGREGATES = "test.aggregates";

    final TopologyTestDriver driver;
    final TestInputTopic<String, Reading> readings;
    final TestOutputTopic<String, DeviceState> states;
    final TestOutputTopic<String, Reading> ordered;
    final TestOutputTopic<String, WindowAggregate> aggregates;
    final KeyValueStore<String, DeviceState> stateStore;
    final WindowStore<String, WindowAccumulator> windowStore;

    TopologyFixture(String name, Duration dedupeRetention, Duration offlineAfter, Duration reorderDelay,
            Duration windowSize, Duration windowGrace, long wallClockStart) {
        this(name, new TopologyConfig(READINGS, STATES, ORDERED, AGGREGATES, dedupeRetention, offlineAfter,
                reorderDelay, windowSize, windowGrace, windowSize.plus(windowGrace).plus(Duration.ofHours(1))),
                wallClockStart);
    }

    TopologyFixture(String name, TopologyConfig cfg, long wallClockStart) {
        this(name, cfg, wallClockStart, TopologyEvents.NONE);
    }

    @SuppressWarnings("deprecation") // the global-handler switch, set only to keep StreamsConfig from warning
    TopologyFixture(String name, TopologyConfig cfg, long wallClockStart, TopologyEvents events) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-fixture");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "ttd-state", name).toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(StateTopology.build(cfg, events), props, Instant.ofEpochMilli(wallClockStart));
        readings = driver.createInputTopic(cfg.readingsTopic(), new StringSerializer(),
                TelemetrySerdes.reading().serializer());
        states = driver.createOutputTopic(cfg.deviceStateTopic(), new StringDeserializer(),
                TelemetrySerdes.deviceState().deserializer());
        ordered = driver.createOutputTopic(cfg.orderedReadingsTopic(), new StringDeserializer(),
                TelemetrySerdes.reading().deserializer());
        aggregates = driver.createOutputTopic(cfg.aggregatesTopic(), new StringDeserializer(),
                TelemetrySerdes.windowAggregate().deserializer());
        stateStore = driver.getKeyValueStore(StateTopology.STATE_STORE);
        windowStore = driver.getWindowStore(StateTopology.WINDOW_STORE);
    }

    /** Defaults of the issue: dedupe 1 h, offline 5 min, reorder 2 s, windows 1 min + 5 min grace. */
    static TopologyFixture withDefaults(String name) {
        return new TopologyFixture(name, TopologyConfig.DEFAULT_DEDUPE_RETENTION, TopologyConfig.DEFAULT_OFFLINE_AFTER,
                TopologyConfig.DEFAULT_REORDER_DELAY, TopologyConfig.DEFAULT_WINDOW_SIZE,
                TopologyConfig.DEFAULT_WINDOW_GRACE, 0);
    }

    /** Pipes a reading keyed by its device, with its eventTime as the record timestamp. */
    void pipe(Reading r) {
        readings.pipeInput(new TestRecord<>(r.deviceId(), r, Instant.ofEpochMilli(Math.max(0, r.eventTime()))));
    }

    void pipe(Reading... rs) {
        for (Reading r : rs) {
            pipe(r);
        }
    }

    void advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
    }

    DeviceState state(String device) {
        return stateStore.get(device);
    }

    /** Every window in the store, open or closed. */
    List<KeyValue<Windowed<String>, WindowAccumulator>> allWindows() {
        List<KeyValue<Windowed<String>, WindowAccumulator>> all = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, WindowAccumulator> it = windowStore.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    WindowAccumulator window(String device, String metric, long start) {
        return windowStore.fetch(WindowAggregateProcessor.windowKey(device, metric), start);
    }

    @Override
    public void close() {
        driver.close();
    }
}
