package dev.telemetry.processor.topology;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.JsonSerde;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.processor.anomaly.Detectors;
import dev.telemetry.processor.anomaly.Series;
import dev.telemetry.processor.anomaly.stat.StreamingDetector;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
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
 *               -> aggregates-sink              (aggregates topic, final WindowAggregate JSON)
 *               -> reconcile-device-state  [device-state-store; wall-clock punctuation: OFFLINE]
 *                    -> device-state-sink       (device-state topic, DeviceState JSON, compacted)
 *                    -> detect-alerts           (signals: offline, sequence gaps, too late for the window)
 *          -> reorder-readings    [reorder-buffer-store, reorder-released-store; wall-clock flush]
 *               -> ordered-readings-sink        (ordered readings topic, Reading JSON)
 *               -> detect-alerts  [alert-series-store, alert-timer-store, active-alerts-store,
 *                                  outlier-state-store, alert-progress-store; wall-clock check]
 *                    -> anomalies-sink          (anomalies topic, Anomaly JSON)
 *
 *   global: rules-source (rules topic) -> update-rules [rules-store]   (read by detect-alerts)
 * </pre>
 *
 * <p>The key is the deviceId from source to sinks and no node changes it, so nothing is repartitioned: one
 * sub-topology, one task per input partition. It is written with the Processor API because its stages
 * forward different things to different children (windows send aggregates to one sink and readings on to
 * the state); every node and store has an explicit name. The detectors are a child of the reorder buffer, so
 * they see each device's readings in event-time order (docs/anomalies.md). The device state is updated before, and
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
    public static final String ALERTS = "detect-alerts";
    public static final String ANOMALIES_SINK = "anomalies-sink";
    public static final String RULES_SOURCE = "rules-source";
    public static final String RULES_UPDATE = "update-rules";

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
    /** Global: key rule id, value the rule's JSON as on the rules topic. Every instance holds every rule. */
    public static final String RULES_STORE = "rules-store";
    /** Key: the series key ({@code deviceId NUL source NUL metric}), value its {@link Series}. */
    public static final String ALERT_SERIES_STORE = "alert-series-store";
    /** Key: hex(alert clock when due) + series key; the series with a time-based transition to come. */
    public static final String ALERT_TIMER_STORE = "alert-timer-store";
    /** Queryable: key the series key, value the RAISED {@link Anomaly} of each open episode. */
    public static final String ACTIVE_ALERTS_STORE = "active-alerts-store";
    /** Key: the series key of an outlier rule's series, value the statistical detector's state. */
    public static final String OUTLIER_STATE_STORE = "outlier-state-store";
    /** Per partition: the alert clock. */
    public static final String ALERT_PROGRESS_STORE = "alert-progress-store";

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
                Serdes.String().deserializer(), SourcedReading.deserializer(), cfg.readingsTopic());
        // a new application id reconciles the whole retained history, not only what comes next (earliest)

        t.addProcessor(DEDUPE, () -> new DedupeProcessor(cfg.dedupeRetention()), SOURCE);
        t.addStateStore(dedupeStore(cfg.dedupeRetention()), DEDUPE);

        t.addProcessor(WINDOWS, () -> new WindowAggregateProcessor(cfg, events), DEDUPE);
        t.addStateStore(windowStore(cfg), WINDOWS);
        t.addStateStore(smallKeyValueStore(WINDOW_PROGRESS_STORE, new TimestampSerde()), WINDOWS);
        t.addSink(AGGREGATES_SINK, cfg.aggregatesTopic(), Serdes.String().serializer(),
                TelemetrySerdes.windowAggregate().serializer(), WINDOWS);

        t.addProcessor(RECONCILE, () -> new DeviceStateProcessor(cfg, events), WINDOWS);
        t.addStateStore(stateStore(), RECONCILE);
        t.addSink(SINK, cfg.deviceStateTopic(), Serdes.String().serializer(),
                TelemetrySerdes.deviceState().serializer(), RECONCILE);

        t.addProcessor(REORDER, () -> new ReorderProcessor(cfg.reorderDelay(), events), DEDUPE);
        // the buffer's values are BufferedReadingSerde's bytes, encoded and decoded by the processor itself. No
        // cache: the processor never reads the store (it keeps the buffer in memory too), and a cache would only
        // hold its writes back until the commit and crowd the device states out of the thread's cache
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(REORDER_BUFFER_STORE),
                        Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of()), REORDER);
        t.addStateStore(keyValueStore(REORDER_RELEASED_STORE, new TimestampSerde()), REORDER);
        // Reading JSON, encoded by the processor (once, also for the buffer)
        t.addSink(ORDERED_SINK, cfg.orderedReadingsTopic(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), REORDER);

        addAlerts(t, cfg, events);
        return t;
    }

    /** The detectors: children of the ordered stream and of the device state, and the global rules store. */
    private static void addAlerts(Topology t, TopologyConfig cfg, TopologyEvents events) {
        AtomicLong rulesVersion = new AtomicLong();
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RULES_STORE), Serdes.String(),
                                Serdes.ByteArray())
                        // a global store's changelog is its source topic
                        .withLoggingDisabled(),
                RULES_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                cfg.alerts().rulesTopic(), RULES_UPDATE, () -> new RulesStoreUpdater(rulesVersion));
        StreamingDetector<?> detector = Detectors.outlier();
        t.addProcessor(ALERTS, () -> new AlertProcessor(cfg, events, detector, rulesVersion), REORDER, RECONCILE);
        t.addStateStore(keyValueStore(ALERT_SERIES_STORE, new JsonSerde<>(Series.class)), ALERTS);
        t.addStateStore(keyValueStore(ALERT_TIMER_STORE, Serdes.String()), ALERTS);
        t.addStateStore(keyValueStore(ACTIVE_ALERTS_STORE, TelemetrySerdes.anomaly()), ALERTS);
        t.addStateStore(smallKeyValueStore(ALERT_PROGRESS_STORE, new TimestampSerde()), ALERTS);
        t.addStateStore(keyValueStore(OUTLIER_STATE_STORE, new JsonSerde<>(detector.stateClass())), ALERTS);
        t.addSink(ANOMALIES_SINK, cfg.alerts().anomaliesTopic(), Serdes.String().serializer(),
                TelemetrySerdes.anomaly().serializer(), ALERTS);
    }

    static StoreBuilder<KeyValueStore<String, DeviceState>> stateStore() {
        return keyValueStore(STATE_STORE, new DeviceStateSerde());
    }

    /**
     * A store that stays small whatever the fleet size (a few keys per partition, or the reorder buffer: readings
     * younger than the reorder delay plus those of quiet devices), kept in memory and restored from its changelog:
     * no RocksDB put, delete and iterator per reading (the reorder buffer does all three).
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> smallKeyValueStore(String name,
            org.apache.kafka.common.serialization.Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
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
                        Serdes.String(), new WindowAccumulatorSerde())
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
