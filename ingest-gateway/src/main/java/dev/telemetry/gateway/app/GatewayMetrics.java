package dev.telemetry.gateway.app;

import dev.telemetry.gateway.mqtt.IngestEvents;
import dev.telemetry.gateway.mqtt.MqttIngest;
import dev.telemetry.gateway.publish.KafkaPublisher;
import dev.telemetry.ops.ServiceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The gateway's meters, in Prometheus names:
 * <ul>
 *   <li>{@code telemetry_gateway_messages_received_total}: MQTT messages that arrived;</li>
 *   <li>{@code telemetry_gateway_messages_acknowledged_total}: acknowledged to the broker after Kafka had them;</li>
 *   <li>{@code telemetry_gateway_messages_not_acknowledged_total}: Kafka failed; left for the broker to redeliver;</li>
 *   <li>{@code telemetry_gateway_messages_in_flight}: received, waiting for Kafka;</li>
 *   <li>{@code telemetry_gateway_readings_produced_total{format}}: readings Kafka acknowledged;</li>
 *   <li>{@code telemetry_gateway_dead_letters_total{code}}: messages in the DLQ, by reason;</li>
 *   <li>{@code telemetry_gateway_mqtt_connected}: 1 when connected and subscribed;</li>
 *   <li>{@code telemetry_gateway_mqtt_reconnects_total}: reconnects scheduled;</li>
 *   <li>{@code telemetry_gateway_kafka_healthy}: 0 when Kafka's latest answer was a failure;</li>
 * </ul>
 * plus the Kafka producer's own metrics ({@code kafka_producer_*}) and JVM and process metrics.
 */
final class GatewayMetrics implements IngestEvents, AutoCloseable {

    private final ServiceMetrics metrics;
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter notAcknowledged;
    private final ConcurrentMap<String, Counter> produced = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();

    GatewayMetrics(String gatewayId) {
        metrics = new ServiceMetrics("ingest-gateway", "gateway_id", gatewayId);
        registry = metrics.registry();
        received = Counter.builder("telemetry.gateway.messages.received")
                .description("MQTT messages that arrived from the broker").register(registry);
        notAcknowledged = Counter.builder("telemetry.gateway.messages.not.acknowledged")
                .description("MQTT messages left unacknowledged because Kafka failed; the broker redelivers them")
                .register(registry);
    }

    /** Binds the meters that read the running gateway's state. */
    void bind(MqttIngest ingest, KafkaPublisher publisher) {
        FunctionCounter.builder("telemetry.gateway.messages.acknowledged", ingest, MqttIngest::acknowledgedCount)
                .description("MQTT messages acknowledged to the broker after Kafka acknowledged their records")
                .register(registry);
        Gauge.builder("telemetry.gateway.messages.in.flight", ingest, MqttIngest::inFlight)
                .description("MQTT messages received and waiting for Kafka").register(registry);
        Gauge.builder("telemetry.gateway.mqtt.connected", ingest, i -> i.isConnected() ? 1 : 0)
                .description("1 when connected to the broker and subscribed").register(registry);
        FunctionCounter.builder("telemetry.gateway.mqtt.reconnects", ingest, MqttIngest::reconnects)
                .description("reconnects to the broker scheduled since start").register(registry);
        Gauge.builder("telemetry.gateway.kafka.healthy", publisher, p -> p.isHealthy() ? 1 : 0)
                .description("0 when Kafka's latest answer to the gateway was a failure").register(registry);
        metrics.bindAndClose(new KafkaClientMetrics(publisher.producer()));
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text format of every meter. */
    String scrape() {
        return metrics.registry().scrape();
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void published(String format, int readings) {
        produced.computeIfAbsent(format, f -> Counter.builder("telemetry.gateway.readings.produced")
                .description("readings Kafka acknowledged, by payload format").tag("format", f)
                .register(registry)).increment(readings);
    }

    @Override
    public void deadLettered(String code) {
        deadLetters.computeIfAbsent(code, c -> Counter.builder("telemetry.gateway.dead.letters")
                .description("MQTT messages written to the dead-letter topic, by reason").tag("code", c)
                .register(registry)).increment();
    }

    @Override
    public void notAcknowledged() {
        notAcknowledged.increment();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
