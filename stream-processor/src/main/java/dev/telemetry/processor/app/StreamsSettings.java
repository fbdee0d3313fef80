package dev.telemetry.processor.app;

import dev.telemetry.processor.topology.LoggingProductionExceptionHandler;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/** Turns {@link ProcessorConfig} into Kafka client properties. */
final class StreamsSettings {

    private static final String ADMIN_PREFIX = "admin.";
    private static final String PRODUCER_PREFIX = "producer.";
    static final int DEFAULT_STANDBY_REPLICAS = 1;
    /**
     * The record cache of the state stores, for all stream threads of an instance (Kafka's default is 10 MiB). It
     * holds each commit interval's writes, so that a device written several times is written through, and
     * published on telemetry.device-state, once per commit; when it overflows it writes through early. With
     * 100,000 devices 10 MiB overflowed within every commit (docs/benchmarks.md).
     */
    static final long DEFAULT_CACHE_BYTES = 64L * 1024 * 1024;

    private StreamsSettings() {
    }

    /**
     * Properties for KafkaStreams: house defaults, then the {@code kafka.*} pass-through and the security keys, then the typed keys
     * (which {@link ProcessorConfig} guarantees the pass-through does not repeat).
     *
     * @param httpPort the port the HTTP server actually bound; with http.advertised-host it is this
     *                 instance's {@code application.server}
     *
     * <ul>
     *   <li>deserialization errors: log topic/partition/offset and skip the record (bad data must not stop
     *       the pipeline; Kafka Streams counts it in its dropped-records metric);</li>
     *   <li>processing errors: fail. An exception inside our own processors is a bug; skipping would silently
     *       lose state updates. The thread then stops and the uncaught-exception handler decides;</li>
     *   <li>production errors: {@link LoggingProductionExceptionHandler}.</li>
     * </ul>
     */
    @SuppressWarnings("deprecation") // PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG: see below
    static Properties streams(ProcessorConfig cfg, int httpPort) {
        Properties p = new Properties();
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, LoggingProductionExceptionHandler.class);
        // also for global stores (none yet). Deprecated because it becomes the fixed behaviour in Kafka 5.0;
        // until then Kafka warns at start-up unless it is set
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) cfg.topicReplicationFactor());
        // a warm copy of every store on another instance: fail-over without a full restore, and stale reads
        // (allowStale=true) while the owner is gone. Kafka's default is 0; kafka.num.standby.replicas overrides
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, DEFAULT_STANDBY_REPLICAS);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, DEFAULT_CACHE_BYTES); // kafka.statestore.cache.max.bytes
        p.putAll(cfg.kafkaClient());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, cfg.stateDir().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, cfg.processingGuarantee());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, cfg.numStreamThreads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, cfg.commitInterval().toMillis());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, cfg.httpAdvertisedHost() + ":" + httpPort);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return p;
    }

    /**
     * Properties for the start-up AdminClient: the admin client settings among {@code kafka.*} (security,
     * timeouts) plus any {@code kafka.admin.*} ones, so that Streams-only settings do not produce warnings.
     */
    static Properties admin(ProcessorConfig cfg) {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : cfg.kafkaClient().entrySet()) {
            if (AdminClientConfig.configNames().contains(e.getKey())) {
                p.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : cfg.kafkaClient().entrySet()) {
            if (e.getKey().startsWith(ADMIN_PREFIX)) {
                p.put(e.getKey().substring(ADMIN_PREFIX.length()), e.getValue());
            }
        }
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, cfg.applicationId() + "-bootstrap");
        return p;
    }

    /**
     * Properties for the rules API's producer: the producer settings among {@code kafka.*} (security, timeouts)
     * plus any {@code kafka.producer.*} ones, as Kafka Streams would read them for its own producers.
     */
    static Properties producer(ProcessorConfig cfg) {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : cfg.kafkaClient().entrySet()) {
            if (ProducerConfig.configNames().contains(e.getKey())) {
                p.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : cfg.kafkaClient().entrySet()) {
            if (e.getKey().startsWith(PRODUCER_PREFIX)) {
                p.put(e.getKey().substring(PRODUCER_PREFIX.length()), e.getValue());
            }
        }
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, cfg.applicationId() + "-rules");
        return p;
    }
}
