package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.TelemetrySerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class StateTopologyTest {

    private static final TopologyConfig CFG = new TopologyConfig("test.readings", "test.device-state");

    private TopologyTestDriver driver;
    private TestInputTopic<String, Reading> readings;
    private TestInputTopic<String, String> rawReadings;
    private TestOutputTopic<String, DeviceState> states;
    private KeyValueStore<String, DeviceState> store;

    @BeforeEach
    @SuppressWarnings("deprecation") // the global-handler switch, set only to keep StreamsConfig from warning
    void startDriver(TestInfo test) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "state-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of("target", "ttd-state", test.getTestMethod().orElseThrow().getName()).toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(StateTopology.build(CFG), props, Instant.ofEpochMilli(0));
        readings = driver.createInputTopic(CFG.readingsTopic(), new StringSerializer(),
                TelemetrySerdes.reading().serializer());
        rawReadings = driver.createInputTopic(CFG.readingsTopic(), new StringSerializer(), new StringSerializer());
        states = driver.createOutputTopic(CFG.deviceStateTopic(), new StringDeserializer(),
                TelemetrySerdes.deviceState().deserializer());
        store = driver.getKeyValueStore(StateTopology.STATE_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldKeepNewestStatePerDeviceAndNotLetLateReadingOverwrite() {
        pipe(reading("dev-a", "temperature", 20.0, 1_000), 1_000);
        pipe(reading("dev-b", "humidity", 40.0, 1_100), 1_100);
        pipe(reading("dev-a", "temperature", 23.0, 3_000), 3_000);
        pipe(reading("dev-a", "temperature", 99.0, 2_000), 2_000); // late for dev-a
        pipe(reading("dev-b", "humidity", 41.0, 1_200), 1_200);

        DeviceState a = store.get("dev-a");
        assertThat(a.metrics().get("temperature").value()).isEqualTo(ReadingValue.of(23.0));
        assertThat(a.lastSeen()).isEqualTo(3_000);
        assertThat(a.counters().accepted()).isEqualTo(3);
        assertThat(a.counters().late()).isEqualTo(1);
        assertThat(a.counters().outOfOrder()).isEqualTo(1);
        DeviceState b = store.get("dev-b");
        assertThat(b.metrics().get("humidity").value()).isEqualTo(ReadingValue.of(41.0));
        assertThat(b.counters().late()).isZero();

        List<KeyValue<String, DeviceState>> out = states.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("dev-a", "dev-b", "dev-a", "dev-a", "dev-b");
        // every reading is published, and the late one still carries the newer value
        KeyValue<String, DeviceState> afterLate = out.get(3);
        assertThat(afterLate.value.metrics().get("temperature").value()).isEqualTo(ReadingValue.of(23.0));
        assertThat(afterLate.value.counters().late()).isEqualTo(1);
        assertThat(out.get(4).value).isEqualTo(b);
    }

    @Test
    void shouldTimestampOutputWithLastReceived() {
        readings.pipeInput(new TestRecord<>("dev-a",
                reading("dev-a", "t", ReadingValue.of(1.0), 5_000, null, 7_000), Instant.ofEpochMilli(5_000)));
        readings.pipeInput(new TestRecord<>("dev-a",
                reading("dev-a", "t", ReadingValue.of(2.0), 4_000, null, 6_500), Instant.ofEpochMilli(4_000)));

        List<TestRecord<String, DeviceState>> out = states.readRecordsToList();

        assertThat(out).extracting(TestRecord::timestamp).containsExactly(7_000L, 7_000L);
    }

    @Test
    void shouldSkipUndecodableAndMiskeyedRecords() {
        rawReadings.pipeInput("dev-a", "{not json", 1_000);
        pipe("other-key", reading("dev-a", "t", 1.0, 1_000), 1_000);
        pipe(reading("dev-a", "t", 2.0, 2_000), 2_000);

        assertThat(states.readValuesToList()).singleElement()
                .satisfies(s -> assertThat(s.counters().accepted()).isEqualTo(1));
        assertThat(store.get("other-key")).isNull();
    }

    @Test
    void shouldNameEveryNodeAndStoreAndNeedNoRepartition() {
        TopologyDescription description = StateTopology.build(CFG).describe();

        List<String> names = description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .map(TopologyDescription.Node::name)
                .toList();
        // one sub-topology: keyed by deviceId end to end, nothing repartitioned
        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.toString()).doesNotContain("repartition");
        assertThat(names).containsExactlyInAnyOrder(StateTopology.SOURCE, StateTopology.DEDUPE,
                StateTopology.WINDOWS, StateTopology.RECONCILE, StateTopology.REORDER, StateTopology.SINK,
                StateTopology.AGGREGATES_SINK, StateTopology.ORDERED_SINK, StateTopology.ALERTS,
                StateTopology.ANOMALIES_SINK);
        assertThat(description.toString()).contains(StateTopology.STATE_STORE, StateTopology.DEDUPE_STORE,
                StateTopology.WINDOW_STORE, StateTopology.WINDOW_PROGRESS_STORE, StateTopology.REORDER_BUFFER_STORE,
                StateTopology.REORDER_RELEASED_STORE, StateTopology.ALERT_SERIES_STORE,
                StateTopology.ALERT_TIMER_STORE, StateTopology.ACTIVE_ALERTS_STORE, StateTopology.OUTLIER_STATE_STORE,
                StateTopology.ALERT_PROGRESS_STORE);
        // the rules: a global store every instance holds whole, fed by its own source
        assertThat(description.globalStores()).singleElement().satisfies(g -> {
            assertThat(g.source().name()).isEqualTo(StateTopology.RULES_SOURCE);
            assertThat(g.processor().name()).isEqualTo(StateTopology.RULES_UPDATE);
            assertThat(g.processor().stores()).containsExactly(StateTopology.RULES_STORE);
        });
    }

    @Test
    void shouldEnforceExplicitNamingOfInternalResources() {
        // the builder StateTopology uses: an aggregation with an unnamed store must not build
        StreamsBuilder builder = StateTopology.namingStrictBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.as("by-key"))
                .count();

        assertThatThrownBy(builder::build).isInstanceOf(TopologyException.class)
                .hasMessageContaining("has not been named");
    }

    @Test
    void shouldBuildTopologyReadingConfiguredTopics() {
        Topology topology = StateTopology.build(CFG);

        assertThat(topology.describe().toString()).contains("test.readings").contains("test.device-state");
    }

    private void pipe(Reading r, long timestamp) {
        pipe(r.deviceId(), r, timestamp);
    }

    private void pipe(String key, Reading r, long timestamp) {
        readings.pipeInput(key, r, timestamp);
    }
}
