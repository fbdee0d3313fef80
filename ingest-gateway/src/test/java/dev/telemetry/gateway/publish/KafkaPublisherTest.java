package dev.telemetry.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import dev.telemetry.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaPublisherTest {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final KafkaPublisher publisher = new KafkaPublisher(producer, "gw-1", 8);

    private static Reading reading(String metric, double value) {
        return new Reading("dev-1", metric, ReadingValue.of(value), null, 1000L, TimeSource.DEVICE, 5L, 2000L,
                new Source("sensors/dev-1", "json", "gw-1"));
    }

    @Test
    void shouldCompleteOnlyWhenKafkaHasAcknowledgedEveryRecord() throws Exception {
        CompletableFuture<Void> done = publisher.publish(List.of(reading("t", 1), reading("h", 2)));

        assertThat(producer.history()).hasSize(2);
        producer.completeNext();
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
    }

    @Test
    void shouldBeHealthyBeforeTheFirstSendThenFollowKafkasLatestAnswer() {
        // an idle gateway must be ready: readiness gates rollouts, and an idle gateway gets no traffic
        for (int i = 0; i < 1_000; i++) {
            assertThat(new KafkaPublisher(producer, "gw-" + i, 8).isHealthy()).as("new publisher %d", i).isTrue();
        }
        publisher.publish(List.of(reading("t", 1)));
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("no answer"));
        assertThat(publisher.isHealthy()).isFalse();
        publisher.publish(List.of(reading("t", 2)));
        producer.completeNext();
        assertThat(publisher.isHealthy()).isTrue();
    }

    @Test
    void shouldFailWhenAnyRecordFails() {
        CompletableFuture<Void> done = publisher.publish(List.of(reading("t", 1), reading("h", 2)));

        producer.completeNext();
        producer.errorNext(new NotEnoughReplicasException("not enough replicas"));

        assertThat(done).isCompletedExceptionally();
    }

    @Test
    void shouldKeyReadingsByDeviceAndWriteThemAsJson() throws Exception {
        Reading r = reading("t", 21.5);
        publisher.publish(List.of(r));

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo(Topics.READINGS);
        assertThat(sent.key()).isEqualTo("dev-1");
        assertThat(sent.timestamp()).isEqualTo(2000L);
        assertThat(Json.mapper().readValue(sent.value(), Reading.class)).isEqualTo(r);
    }

    @Test
    void shouldWriteTheRawPayloadToTheDlqWithAllHeaders() {
        byte[] payload = "{oops".getBytes(StandardCharsets.UTF_8);
        DecodeException error = new DecodeException(Code.INVALID_JSON, "payload is not valid JSON").withDeviceId("dev-1");

        CompletableFuture<Void> done = publisher.deadLetter("sensors/dev-1", payload, error, "json", 2000L);

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo(Topics.DLQ);
        assertThat(sent.key()).isEqualTo("dev-1");
        assertThat(sent.value()).isEqualTo(payload);
        assertThat(headers(sent)).containsExactlyInAnyOrderEntriesOf(Map.of(
                DlqHeaders.MQTT_TOPIC, "sensors/dev-1",
                DlqHeaders.ERROR_CODE, "INVALID_JSON",
                DlqHeaders.ERROR_MESSAGE, "payload is not valid JSON",
                DlqHeaders.FORMAT, "json",
                DlqHeaders.GATEWAY_ID, "gw-1",
                DlqHeaders.RECEIVED_AT, "2000"));
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
    }

    @Test
    void shouldKeyDlqRecordsByTopicWhenTheDeviceIsUnknownAndTruncateOversizedPayloads() {
        byte[] payload = "0123456789".getBytes(StandardCharsets.UTF_8);

        publisher.deadLetter("x/y", payload, new DecodeException(Code.PAYLOAD_TOO_LARGE, "too large"), "unknown", 1L);

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.key()).isEqualTo("x/y");
        assertThat(sent.value()).isEqualTo("01234567".getBytes(StandardCharsets.UTF_8));
        assertThat(headers(sent)).containsEntry(DeadLetters.PAYLOAD_SIZE, "10")
                .containsEntry(DeadLetters.PAYLOAD_TRUNCATED, "true");
    }

    @Test
    void shouldForceTheSettingsTheDeliveryGuaranteeNeeds() {
        Properties props = ProducerSettings.producer("k:9092",
                Map.of("acks", "1", "linger.ms", "50", "heap.opts", "-Xmx1g"), "gw");

        assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("linger.ms", "50").containsEntry("bootstrap.servers", "k:9092")
                .doesNotContainKey("heap.opts");
        assertThat(ProducerSettings.unknownKeys(Map.of("heap.opts", "x", "linger.ms", "5")))
                .containsExactly("heap.opts");
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (Header h : record.headers()) {
            out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void shouldWriteLifecycleEventsKeyedByDeviceAndWaitForThemToo() throws Exception {
        dev.telemetry.model.LifecycleEvent birth = new dev.telemetry.model.LifecycleEvent("plant/edge-1",
                dev.telemetry.model.LifecycleEvent.Type.BIRTH, 1000L, TimeSource.DEVICE, 2000L, 7L, "NBIRTH",
                new Source("spBv1.0/plant/NBIRTH/edge-1", "sparkplug-b", "gw-1"));

        CompletableFuture<Void> done = publisher.publish(List.of(reading("t", 1)), List.of(birth));

        assertThat(producer.history()).extracting(ProducerRecord::topic, ProducerRecord::key, ProducerRecord::timestamp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Topics.READINGS, "dev-1", 2000L),
                        org.assertj.core.groups.Tuple.tuple(Topics.LIFECYCLE, "plant/edge-1", 2000L));
        assertThat(Json.mapper().readValue(producer.history().get(1).value(), dev.telemetry.model.LifecycleEvent.class))
                .isEqualTo(birth);
        producer.completeNext();
        assertThat(done).isNotDone();
        producer.completeNext();
        assertThat(done).isCompleted();
    }

    @Test
    void shouldCompleteAtOnceWhenThereIsNothingToWrite() {
        assertThat(publisher.publish(List.of(), List.of())).isCompleted();
        assertThat(producer.history()).isEmpty();
    }
}
