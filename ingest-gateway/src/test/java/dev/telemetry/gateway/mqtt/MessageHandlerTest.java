package dev.telemetry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.decode.JsonDecoder;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.PlainDecoder;
import dev.telemetry.gateway.decode.TopicTemplate;
import dev.telemetry.gateway.publish.ReadingSink;
import dev.telemetry.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class MessageHandlerTest {

    private final FakeSink sink = new FakeSink();
    private final FakeAcks acks = new FakeAcks();
    private final MessageHandler handler = new MessageHandler(new PayloadRouter(
            new JsonDecoder(TopicTemplate.parse("sensors/{deviceId}"), "gw-1"),
            new PlainDecoder(TopicTemplate.parse("sensors/{deviceId}/{metric}"), "gw-1"), 1024), sink, acks);

    private static InboundMessage message(int id, String topic, String payload) {
        return new InboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), id, 1, 0L, 1000L);
    }

    @Test
    void shouldAcknowledgeOnlyAfterKafkaAcknowledgedTheReadings() throws Exception {
        handler.handle(message(7, "sensors/dev-1", "{\"t\": 1, \"h\": 2}"));

        assertThat(sink.published).singleElement().satisfies(r -> assertThat(r).hasSize(2));
        assertThat(acks.acked).isEmpty();
        assertThat(handler.inFlight()).isEqualTo(1);

        sink.outcomes.get(0).complete(null);

        assertThat(acks.acked).containsExactly(7);
        assertThat(handler.acknowledgedCount()).isEqualTo(1);
        assertThat(handler.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void shouldNotAcknowledgeButAskForRedeliveryWhenKafkaFails() {
        handler.handle(message(7, "sensors/dev-1", "{\"t\": 1}"));

        sink.outcomes.get(0).completeExceptionally(new TimeoutException("Expiring 1 record(s)"));

        assertThat(acks.acked).isEmpty();
        assertThat(acks.redelivered).containsExactly(7);
        assertThat(handler.acknowledgedCount()).isZero();
        assertThat(handler.inFlight()).isZero();
    }

    @Test
    void shouldDeadLetterAnUndecodablePayloadAndAcknowledgeAfterTheDlqWrite() {
        handler.handle(message(8, "sensors/dev-1", "{not json"));

        assertThat(sink.published).isEmpty();
        assertThat(sink.deadLetters).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(Code.INVALID_JSON));
        assertThat(sink.deadLetterFormats).containsExactly("json");
        assertThat(acks.acked).isEmpty();

        sink.outcomes.get(0).complete(null);

        assertThat(acks.acked).containsExactly(8);
        assertThat(handler.deadLetteredCount()).isEqualTo(1);
    }

    @Test
    void shouldAskForRedeliveryWhenTheDlqWriteFails() {
        handler.handle(message(8, "elsewhere/dev-1", "1"));

        sink.outcomes.get(0).completeExceptionally(new TimeoutException("down"));

        assertThat(sink.deadLetters).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(Code.TOPIC_MISMATCH));
        assertThat(acks.acked).isEmpty();
        assertThat(acks.redelivered).containsExactly(8);
    }

    @Test
    void shouldDeadLetterReadingsKafkaRejectsAsTooLarge() {
        handler.handle(message(9, "sensors/dev-1/t", "x"));

        sink.outcomes.get(0).completeExceptionally(new RecordTooLargeException("too large"));

        assertThat(sink.deadLetters).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo(Code.RECORD_TOO_LARGE));
        assertThat(acks.acked).isEmpty();
        sink.outcomes.get(1).complete(null);
        assertThat(acks.acked).containsExactly(9);
    }

    @Test
    void shouldNeverThrowWhenTheSinkThrows() {
        sink.throwOnPublish = true;

        handler.handle(message(10, "sensors/dev-1", "{\"t\": 1}"));

        assertThat(sink.deadLetters).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(Code.INTERNAL_ERROR));
        sink.outcomes.get(0).complete(null);
        assertThat(acks.acked).containsExactly(10);
    }

    @Test
    void shouldSkipMessagesFromAnEarlierConnection() {
        acks.current = 3;

        handler.handle(message(11, "sensors/dev-1", "{\"t\": 1}"));

        assertThat(sink.published).isEmpty();
        assertThat(sink.deadLetters).isEmpty();
        assertThat(handler.inFlight()).isZero();
    }

    @Test
    void shouldPublishLifecycleEventsAndUseTheContentType() {
        MessageHandler routed = new MessageHandler(dev.telemetry.gateway.decode.PayloadRouter.of(List.of(
                new dev.telemetry.gateway.decode.Route("sp", "spBv1.0/#", "sparkplug-b", null),
                new dev.telemetry.gateway.decode.Route("any", "dev/+", "auto", TopicTemplate.parse("dev/{deviceId}"))),
                "gw-1", dev.telemetry.gateway.decode.JsonFields.DEFAULTS, false, 1024), sink, acks);
        byte[] birth = org.eclipse.tahu.protobuf.SparkplugBProto.Payload.newBuilder().setTimestamp(5L).setSeq(0)
                .addMetrics(org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric.newBuilder().setName("bdSeq")
                        .setDatatype(4).setLongValue(1))
                .build().toByteArray();

        routed.handle(new InboundMessage("spBv1.0/g/NBIRTH/e", birth, 3, 1, 0L, 1000L));
        routed.handle(new InboundMessage("dev/d-1", "[{\"n\":\"t\",\"v\":1}]".getBytes(StandardCharsets.UTF_8),
                4, 1, 0L, 1000L, "application/senml+json"));

        assertThat(sink.events.get(0)).extracting(dev.telemetry.model.LifecycleEvent::deviceId).containsExactly("g/e");
        assertThat(sink.published.get(0)).isEmpty();
        assertThat(sink.published.get(1)).extracting(Reading::metric).containsExactly("t");
        assertThat(sink.deadLetters).isEmpty();
        sink.outcomes.forEach(f -> f.complete(null));
        assertThat(acks.acked).containsExactly(3, 4);
    }

    private static final class FakeSink implements ReadingSink {
        final List<List<Reading>> published = new ArrayList<>();
        final List<List<dev.telemetry.model.LifecycleEvent>> events = new ArrayList<>();
        final List<DecodeException> deadLetters = new ArrayList<>();
        final List<String> deadLetterFormats = new ArrayList<>();
        final List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        boolean throwOnPublish;

        @Override
        public CompletableFuture<Void> publish(List<Reading> readings,
                List<dev.telemetry.model.LifecycleEvent> events) {
            if (throwOnPublish) {
                throw new IllegalStateException("boom");
            }
            published.add(readings);
            this.events.add(events);
            return next();
        }

        @Override
        public CompletableFuture<Void> deadLetter(String mqttTopic, byte[] payload, DecodeException error,
                String format, long receivedAt) {
            deadLetters.add(error);
            deadLetterFormats.add(format);
            return next();
        }

        private CompletableFuture<Void> next() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            outcomes.add(f);
            return f;
        }
    }

    private static final class FakeAcks implements AckChannel {
        final List<Integer> acked = new ArrayList<>();
        final List<Integer> redelivered = new ArrayList<>();
        long current;

        @Override
        public boolean isCurrent(long connection) {
            return connection == current;
        }

        @Override
        public boolean ack(InboundMessage message) {
            acked.add(message.packetId());
            return true;
        }

        @Override
        public void redeliver(InboundMessage message, Throwable cause) {
            redelivered.add(message.packetId());
        }
    }
}
