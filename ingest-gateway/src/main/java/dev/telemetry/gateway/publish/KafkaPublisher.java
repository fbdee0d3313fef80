package dev.telemetry.gateway.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.model.Json;
import dev.telemetry.model.LifecycleEvent;
import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes readings to {@link Topics#READINGS}, lifecycle events to {@link Topics#LIFECYCLE} and
 * undecodable payloads to {@link Topics#DLQ} with one idempotent producer ({@code acks=all}). Futures complete when Kafka has acknowledged every record.
 *
 * <p>Records are keyed by device id, so one device's records stay in one partition and in order.
 * The record timestamp is the gateway's receipt time, not the device's clock: a device clock far in
 * the future would otherwise make brokers reject the record ({@code message.timestamp.after.max.ms})
 * and the message would be redelivered forever; event time travels inside the {@link Reading}.
 *
 * <p>Thread-safe.
 */
public final class KafkaPublisher implements ReadingSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final Serializer<Reading> READINGS = TelemetrySerdes.reading().serializer();

    private final Producer<String, byte[]> producer;
    private final String gatewayId;
    private final int maxDlqPayloadBytes;
    // healthy from the start (start-up has checked that Kafka answers): one clock reading for both, because
    // two successive nanoTime() calls usually differ and "later minus 1" would then be after the success
    private final long createdNanos = System.nanoTime();
    private final AtomicLong lastSuccessNanos = new AtomicLong(createdNanos);
    private final AtomicLong lastFailureNanos = new AtomicLong(createdNanos - 1);

    /**
     * Creates the Kafka producer.
     *
     * @param passThrough the raw {@code kafka.*} settings without the prefix
     * @param maxDlqPayloadBytes longer payloads are truncated in the DLQ (see {@link DeadLetters})
     */
    public KafkaPublisher(String bootstrapServers, Map<String, String> passThrough, String gatewayId,
            int maxDlqPayloadBytes) {
        this(new KafkaProducer<>(ProducerSettings.producer(bootstrapServers, passThrough,
                "ingest-gateway-" + gatewayId)), gatewayId, maxDlqPayloadBytes);
    }

    /** Wraps a given producer (tests use Kafka's {@code MockProducer}). */
    public KafkaPublisher(Producer<String, byte[]> producer, String gatewayId, int maxDlqPayloadBytes) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.maxDlqPayloadBytes = maxDlqPayloadBytes;
    }

    @Override
    public CompletableFuture<Void> publish(List<Reading> readings, List<LifecycleEvent> events) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[readings.size() + events.size()];
        int i = 0;
        for (Reading r : readings) {
            acks[i++] = sendReading(r);
        }
        for (LifecycleEvent e : events) {
            acks[i++] = send(Topics.LIFECYCLE, e.deviceId(), e.receivedAt(), e);
        }
        // completes when every record is acknowledged; exceptionally (after all have settled) if any failed
        return CompletableFuture.allOf(acks);
    }

    /** Readings through the model's streaming codec: the same bytes as the mapper writes, with less work per record. */
    private CompletableFuture<Void> sendReading(Reading r) {
        byte[] bytes;
        try {
            bytes = READINGS.serialize(Topics.READINGS, r);
        } catch (SerializationException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(new ProducerRecord<>(Topics.READINGS, null, r.receivedAt(), r.deviceId(), bytes));
    }

    private CompletableFuture<Void> send(String topic, String key, long timestamp, Object value) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new SerializationException("cannot write a "
                    + value.getClass().getSimpleName() + " of " + key + " as JSON", e));
        }
        return send(new ProducerRecord<>(topic, null, timestamp, key, bytes));
    }

    @Override
    public CompletableFuture<Void> deadLetter(String mqttTopic, byte[] payload, DecodeException error, String format,
            long receivedAt) {
        return send(DeadLetters.record(mqttTopic, payload, error, format, gatewayId, receivedAt, maxDlqPayloadBytes));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    lastSuccessNanos.set(System.nanoTime());
                    acked.complete(null);
                } else {
                    lastFailureNanos.set(System.nanoTime());
                    acked.completeExceptionally(exception);
                }
            });
        } catch (RuntimeException e) {
            lastFailureNanos.set(System.nanoTime());
            // send() throws when it cannot even enqueue: buffer full past max.block.ms, producer closed, ...
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /**
     * False when Kafka's latest answer was a failure: a send failed (timed out, refused) after the last
     * acknowledged one. True again with the next acknowledged record. Start-up has already checked
     * that Kafka answers.
     */
    public boolean isHealthy() {
        return lastSuccessNanos.get() - lastFailureNanos.get() > 0;
    }

    /** The producer, for client metrics. */
    public Producer<String, byte[]> producer() {
        return producer;
    }

    /** Sends buffered records now and waits for them (no timeout: prefer {@link #close(Duration)}). */
    public void flush() {
        producer.flush();
    }

    /** Waits up to {@code timeout} for buffered records to be acknowledged, then closes the producer. */
    public void close(Duration timeout) {
        log.debug("closing Kafka producer (waiting up to {} for pending records)", timeout);
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
