package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The processor's Kafka Streams topology, as a plain function of its configuration.
 *
 * <pre>
 *   readings-source (readings topic, Reading JSON, event time from the reading)
 *     -> reconcile-device-state  [device-state-store: persistent, changelogged, cached]
 *     -> device-state-sink (device-state topic, DeviceState JSON)
 * </pre>
 *
 * <p>The key is the deviceId from source to sink, so nothing is repartitioned; every node and store has
 * an explicit name (the builder enforces {@code ensure.explicit.internal.resource.naming}). Later stages
 * (dedupe, reorder, windows, detectors) attach to the stream returned by {@link #readings}.
 */
public final class StateTopology {

    public static final String SOURCE = "readings-source";
    public static final String RECONCILE = "reconcile-device-state";
    /** The queryable store: key deviceId, value the device's current {@link DeviceState}. */
    public static final String STATE_STORE = "device-state-store";
    public static final String SINK = "device-state-sink";

    private StateTopology() {
    }

    /** Builds the topology; see the class documentation for its shape. */
    public static Topology build(TopologyConfig cfg) {
        StreamsBuilder builder = namingStrictBuilder();
        KStream<String, Reading> readings = readings(builder, cfg);
        addDeviceState(builder, readings, cfg);
        return builder.build();
    }

    /** The source: readings keyed by deviceId, timestamped by their event time. */
    static KStream<String, Reading> readings(StreamsBuilder builder, TopologyConfig cfg) {
        return builder.stream(cfg.readingsTopic(),
                Consumed.with(Serdes.String(), TelemetrySerdes.reading())
                        .withTimestampExtractor(new ReadingTimestampExtractor())
                        // a new application id reconciles the whole retained history, not only what comes next
                        .withOffsetResetPolicy(AutoOffsetReset.earliest())
                        .withName(SOURCE));
    }

    static void addDeviceState(StreamsBuilder builder, KStream<String, Reading> readings, TopologyConfig cfg) {
        Serde<DeviceState> stateSerde = TelemetrySerdes.deviceState();
        builder.addStateStore(stateStore(stateSerde));
        readings.processValues(DeviceStateProcessor::new, Named.as(RECONCILE), STATE_STORE)
                .to(cfg.deviceStateTopic(), Produced.with(Serdes.String(), stateSerde).withName(SINK));
    }

    static StoreBuilder<KeyValueStore<String, DeviceState>> stateStore(Serde<DeviceState> serde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), serde)
                // the cache absorbs repeated writes of one device between commits (fewer changelog records)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }

    /**
     * A builder that fails {@link StreamsBuilder#build()} when any internal topic or store would get a
     * generated name. Kafka reads that switch from the builder's own TopologyConfig; the identity keys below
     * are placeholders StreamsConfig insists on, and are not topology settings, so the running application's
     * StreamsConfig still governs everything else once KafkaStreams adopts the topology.
     */
    @SuppressWarnings("deprecation") // the global-handler switch: set only to keep StreamsConfig from warning
    static StreamsBuilder namingStrictBuilder() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-builder");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return new StreamsBuilder(new org.apache.kafka.streams.TopologyConfig(new StreamsConfig(props)));
    }
}
