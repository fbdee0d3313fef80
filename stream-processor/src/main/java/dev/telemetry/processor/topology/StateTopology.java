package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.JsonSerde;
import dev.telemetry.model.TelemetrySerdes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The processor's Kafka Streams topology, as a plain function of its configuration. The rules it implements
 * are in {@code docs/semantics.md}.
 *
 * <pre>
 *   readings-source (readings topic, Reading JSON, event time from the reading)
 *     -> dedupe-readings          [dedupe-store: window store, retention dedupe.retention]
 *          -> aggregate-windows   [window-aggregate-store: window store; window-progress-store]
 *               -> reconcile-device-state  [device-state-store; wall-clock punctuation: OFFLINE]
 *                    -> device-state-sink       (device-state topic, DeviceState JSON, compacted)
 *               -> aggregates-sink              (aggregates topic, final WindowAggregate JSON)
 *          -> reorder-readings    [reorder-buffer-store, reorder-released-store; wall-clock flush]
 *               -> ordered-readings-sink        (ordered readings topic, Reading JSON)
 * </pre>
 *
 * <p>The key is the deviceId from source to sinks and no node changes it, so nothing is repartitioned: one
 * sub-topology, one task per input partition. It is written with the Processor API because its stages
 * forward different things to different children (windows send aggregates to one sink and readings on to
 * the state); every node and store has an explicit name. The device state is updated before, and
 * independently of, the reorder buffer: state is never delayed by it.
 */
public final class StateTopology {

    public static final String SOURCE = "readings-source";
    public static final String DEDUPE = "dedupe-readings";
    public static final String WINDOWS = "aggregate-windows";
    public static final String RECONCILE = "reconcile-device-state";
    public static final String REORDER = "reorder-readings";
    public static final String SINK = "device-state-sink";
    public static final String AGGREGATES_SINK = "aggregates-sink";
    public static final String ORDERED_SINK = "ordered-readings-sink";

    /** The queryable store: key deviceId, value the device's current {@link DeviceState}. */
    public static final String STATE_STORE = "device-state-store";
    /** Identities of recent readings: key deviceId NUL metric NUL eventTime NUL seq, at the reading's time. */
    public static final String DEDUPE_STORE = "dedupe-store";
    /** Queryable windows: key deviceId NUL metric, window start = the window's start, value {@link WindowAccumulator}. */
    public static final String WINDOW_STORE = "window-aggregate-store";
    /** Per partition: the windows' stream time and the start of the newest closed window. */
    public static final String WINDOW_PROGRESS_STORE = "window-progress-store";
    /** Readings waiting for their turn, keyed in release order. */
    public static final String REORDER_BUFFER_STORE = "reorder-buffer-store";
    /** Per device: the newest timestamp the reorder buffer has released. */
    public static final String REORDER_RELEASED_STORE = "reorder-released-store";

    private StateTopology() {
    }

    /** The key of {@link #WINDOW_STORE} for one (device, metric). */
    public static String windowKey(String deviceId, String metric) {
        return WindowAggregateProcessor.windowKey(deviceId, metric);
    }

    /** Builds the topology without metrics; see the class documentation for its shape. */
    public static Topology build(TopologyConfig cfg) {
        return build(cfg, TopologyEvents.NONE);
    }

    /** Builds the topology, telling {@code events} what happens (metrics). */
    public static Topology build(TopologyConfig cfg, TopologyEvents events) {
        Topology t = new Topology(strictTopologyConfig());
        t.addSource(AutoOffsetReset.earliest(), SOURCE, new ReadingTimestampExtractor(),
                Serdes.String().deserializer(), TelemetrySerdes.reading().deserializer(), cfg.readingsTopic());
        // a new application id reconciles the whole retained history, not only what comes next (earliest)

        t.addProcessor(DEDUPE, () -> new DedupeProcessor(cfg.dedupeRetention()), SOURCE);
        t.addStateStore(dedupeStore(cfg.dedupeRetention()), DEDUPE);

        t.addProcessor(WINDOWS, () -> new WindowAggregateProcessor(cfg, events), DEDUPE);
        t.addStateStore(windowStore(cfg), WINDOWS);
        t.addStateStore(keyValueStore(WINDOW_PROGRESS_STORE, new JsonSerde<>(Long.class)), WINDOWS);
        t.addSink(AGGREGATES_SINK, cfg.aggregatesTopic(), Serdes.String().serializer(),
                TelemetrySerdes.windowAggregate().serializer(), WINDOWS);

        t.addProcessor(RECONCILE, () -> new DeviceStateProcessor(cfg, events), WINDOWS);
        t.addStateStore(stateStore(), RECONCILE);
        t.addSink(SINK, cfg.deviceStateTopic(), Serdes.String().serializer(),
                TelemetrySerdes.deviceState().serializer(), RECONCILE);

        t.addProcessor(REORDER, () -> new ReorderProcessor(cfg.reorderDelay(), events), DEDUPE);
        t.addStateStore(keyValueStore(REORDER_BUFFER_STORE, new JsonSerde<>(BufferedReading.class)), REORDER);
        t.addStateStore(keyValueStore(REORDER_RELEASED_STORE, new JsonSerde<>(Long.class)), REORDER);
        t.addSink(ORDERED_SINK, cfg.orderedReadingsTopic(), Serdes.String().serializer(),
                TelemetrySerdes.reading().serializer(), REORDER);
        return t;
    }

    static StoreBuilder<KeyValueStore<String, DeviceState>> stateStore() {
        return keyValueStore(STATE_STORE, TelemetrySerdes.deviceState());
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> keyValueStore(String name,
            org.apache.kafka.common.serialization.Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde)
                // the cache absorbs repeated writes of one key between commits (fewer changelog records)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }

    static StoreBuilder<WindowStore<String, Long>> dedupeStore(Duration retention) {
        // segments expire as stream time passes: identities are kept at least `retention`, at most about one
        // segment (retention / 2, at least 60 s) longer
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(DEDUPE_STORE, retention, Duration.ofMillis(1), false),
                        Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of());
    }

    static StoreBuilder<WindowStore<String, WindowAccumulator>> windowStore(TopologyConfig cfg) {
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(WINDOW_STORE, cfg.windowRetention(), cfg.windowSize(), false),
                        Serdes.String(), new JsonSerde<>(WindowAccumulator.class))
                .withLoggingEnabled(Map.of());
    }

    /**
     * A builder that fails {@link StreamsBuilder#build()} when any internal topic or store would get a
     * generated name, for DSL stages attached later. Kafka reads that switch from the builder's own
     * TopologyConfig; the identity keys below are placeholders StreamsConfig insists on, and are not topology
     * settings, so the running application's StreamsConfig still governs everything else once KafkaStreams
     * adopts the topology.
     */
    static StreamsBuilder namingStrictBuilder() {
        return new StreamsBuilder(strictTopologyConfig());
    }

    @SuppressWarnings("deprecation") // the global-handler switch: set only to keep StreamsConfig from warning
    private static org.apache.kafka.streams.TopologyConfig strictTopologyConfig() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-builder");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return new org.apache.kafka.streams.TopologyConfig(new StreamsConfig(props));
    }
}
