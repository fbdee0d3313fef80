package dev.telemetry.gateway.app;

import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.mqtt.MqttIngest;
import dev.telemetry.gateway.publish.KafkaPublisher;
import dev.telemetry.gateway.publish.ProducerSettings;
import dev.telemetry.kafka.TopicBootstrap.Wanted;
import dev.telemetry.kafka.TopicBootstrap;
import dev.telemetry.model.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingest gateway: MQTT in, Kafka out, embeddable (the local stack runs it in-process).
 *
 * <pre>{@code
 * try (Gateway gw = Gateway.start(GatewayConfig.from(ConfigSource.load(file, System.getenv(), Map.of())))) {
 *     ...
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final KafkaPublisher publisher;
    private final MqttIngest ingest;
    private final GatewayMetrics metrics;
    private final OpsServer ops;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Gateway(GatewayConfig config, KafkaPublisher publisher, MqttIngest ingest, GatewayMetrics metrics,
            OpsServer ops) {
        this.config = config;
        this.publisher = publisher;
        this.ingest = ingest;
        this.metrics = metrics;
        this.ops = ops;
    }

    /**
     * Creates missing topics, starts the Kafka producer, connects to the broker and subscribes.
     * Returns once subscribed.
     *
     * @throws StartupException when Kafka or the broker cannot be reached within
     *         {@code startup.timeout}, or a topic is unusable; the message says which
     */
    public static Gateway start(GatewayConfig cfg) {
        Set<String> unknown = ProducerSettings.unknownKeys(cfg.kafka().passThrough());
        if (!unknown.isEmpty()) {
            log.warn("ignoring kafka.* settings that no Kafka client knows: {}", unknown);
        }
        try {
            String why = "compaction would keep only the last record per device and lose the rest";
            KafkaConfig kafka = cfg.kafka();
            TopicBootstrap.ensure(
                    ProducerSettings.admin(kafka.bootstrapServers(), cfg.kafkaClient(), "ingest-gateway-admin-"
                            + cfg.gatewayId(), (int) cfg.ops().startupTimeout().toMillis()),
                    Stream.of(Topics.READINGS, Topics.DLQ, Topics.LIFECYCLE)
                            .map(t -> Wanted.deleted(t, kafka.topicPartitions(), kafka.topicReplicationFactor(), why))
                            .toList(),
                    cfg.ops().startupTimeout(), "topics.partitions, topics.replication-factor");
        } catch (RuntimeException e) {
            throw new StartupException("Kafka is not usable: " + e.getMessage(), e);
        }
        // rebirth requests go out through the MQTT client, which is created after the router
        AtomicReference<MqttIngest> mqtt = new AtomicReference<>();
        PayloadRouter router = cfg.router((topic, payload) -> {
            MqttIngest client = mqtt.get();
            if (client != null) {
                client.publish(topic, payload);
            }
        });
        KafkaPublisher publisher;
        try {
            publisher = new KafkaPublisher(cfg.kafka().bootstrapServers(), cfg.kafkaClient(), cfg.gatewayId(),
                    cfg.mqtt().maxPayloadBytes());
        } catch (RuntimeException e) {
            throw new StartupException("cannot create the Kafka producer: " + e.getMessage(), e);
        }
        GatewayMetrics metrics = new GatewayMetrics(cfg.gatewayId());
        MqttIngest ingest;
        try {
            ingest = new MqttIngest(cfg.mqttSettings(), router, publisher, metrics);
            mqtt.set(ingest);
        } catch (RuntimeException e) {
            publisher.close(cfg.ops().shutdownTimeout());
            metrics.close();
            throw new StartupException("cannot create the MQTT client: " + e.getMessage(), e);
        }
        metrics.bind(ingest, publisher);
        OpsServer ops;
        try {
            ops = OpsServer.start(cfg.ops().httpHost(), cfg.ops().httpPort(),
                    () -> new OpsServer.Readiness(ingest.isConnected(), publisher.isHealthy()), metrics::scrape);
        } catch (RuntimeException e) {
            ingest.close(cfg.ops().shutdownTimeout());
            publisher.close(cfg.ops().shutdownTimeout());
            metrics.close();
            throw new StartupException(e.getMessage(), e);
        }
        try {
            ingest.start(cfg.ops().startupTimeout());
        } catch (RuntimeException e) {
            ops.close();
            ingest.close(cfg.ops().shutdownTimeout());
            publisher.close(cfg.ops().shutdownTimeout());
            metrics.close();
            throw new StartupException(e.getMessage(), e);
        }
        if (cfg.mqtt().qos() == 0) {
            log.warn("mqtt.qos=0: messages are delivered at most once; a Kafka failure loses them");
        }
        if (cfg.mqtt().shutdownMode() == ShutdownMode.LEAVE) {
            List<String> unshared = cfg.mqttSettings().topicFilters().stream()
                    .filter(f -> !f.startsWith("$share/")).toList();
            if (!unshared.isEmpty()) {
                log.warn("mqtt.shutdown.mode=leave with subscriptions that are not shared ({}): when this gateway"
                        + " stops it ends its session, and what is published to them until it is back is kept for"
                        + " nobody", unshared);
            }
        }
        if (cfg.mqtt().sessionExpiry().isZero()) {
            log.warn("mqtt.session-expiry=0: the broker drops the session, and unacknowledged messages, whenever"
                    + " the gateway disconnects");
        }
        log.info("gateway {} started: {} -> Kafka {}; health and metrics on http://{}:{}/ (/health/ready, /metrics)",
                cfg.gatewayId(), cfg.mqtt().url(), cfg.kafka().bootstrapServers(), cfg.ops().httpHost(), ops.port());
        return new Gateway(cfg, publisher, ingest, metrics, ops);
    }

    /** True when connected to the broker and subscribed. */
    public boolean isConnected() {
        return ingest.isConnected();
    }

    /** MQTT messages acknowledged to the broker since start: written to Kafka, or dead-lettered. */
    public long acknowledgedCount() {
        return ingest.acknowledgedCount();
    }

    /** The port of the health and metrics endpoints. */
    public int httpPort() {
        return ops.port();
    }

    /** MQTT messages written to the dead-letter topic since start. */
    public long deadLetteredCount() {
        return ingest.deadLetteredCount();
    }

    /**
     * Stops, as {@code mqtt.shutdown.mode} says (see {@link ShutdownMode}), then closes the producer. Idempotent.
     * With {@code keep-session}: stops taking messages, waits (up to {@code shutdown.timeout}) for pending Kafka
     * acknowledgements and sends the matching MQTT acknowledgements, disconnects normally (unacknowledged
     * messages stay in the broker's session). With {@code leave}: unsubscribes and drains first (up to
     * {@code mqtt.shutdown.drain-timeout}), then the same flush, then ends the session.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        MqttConfig mqtt = config.mqtt();
        log.info("stopping gateway {} (mqtt.shutdown.mode={})", config.gatewayId(), mqtt.shutdownMode());
        try {
            if (mqtt.shutdownMode() == ShutdownMode.LEAVE) {
                ingest.leave(mqtt.drainTimeout(), mqtt.drainQuietPeriod(), config.ops().shutdownTimeout());
            } else {
                ingest.close(config.ops().shutdownTimeout());
            }
        } finally {
            publisher.close(config.ops().shutdownTimeout());
            ops.close();
            metrics.close();
        }
        log.info("gateway {} stopped", config.gatewayId());
    }
}
