package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.gateway.replay.DlqReplay;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The documented way out of the dead-letter topic: messages rejected under a wrong configuration are
 * replayed after the fix and become readings; what is still broken stays where it is.
 */
@Timeout(240)
class DlqReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Gateway gateway(MosquittoProcess mosquitto, KafkaFixture kafka, Map<String, String> more) {
        Map<String, String> cfg = new HashMap<>(Map.of(
                "gateway.id", KafkaFixture.uniqueName("gw"),
                "mqtt.url", mosquitto.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.replication-factor", "1",
                "http.host", "127.0.0.1",
                "http.port", "0"));
        cfg.putAll(more);
        return Gateway.start(GatewayConfig.from(ConfigSource.of(cfg)));
    }

    @Test
    void shouldTurnMessagesRejectedByAWrongTemplateIntoReadingsAfterTheFix() throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start(); KafkaFixture kafka = KafkaFixture.start()) {
            long t0 = System.currentTimeMillis() - 60_000;
            List<Map.Entry<String, String>> messages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                messages.add(Map.entry("sensors/site-1/replay-" + i + "/data",
                        "{\"ts\": " + (t0 + i) + ", \"temperature\": " + (20 + i) + "}"));
            }
            messages.add(Map.entry("sensors/replay-broken", "{broken"));

            // 1. the devices use a 4-level topic the gateway is not configured for
            try (Gateway wrong = gateway(mosquitto, kafka, Map.of())) {
                MqttV5Publisher.publish(mosquitto.url(), messages);
                await().atMost(WAIT).until(() -> dlqCodes(kafka).getOrDefault("TOPIC_MISMATCH", 0L) == 20
                        && dlqCodes(kafka).getOrDefault("INVALID_JSON", 0L) == 1);
            }
            assertThat(readingsOf(kafka, "replay-")).isEmpty();

            // 2. fixed: the JSON template now has the site level; replay only what the fix addresses
            try (Gateway fixed = gateway(mosquitto, kafka, Map.of("json.topic-template",
                    "sensors/{site}/{deviceId}/data"))) {
                DlqReplay.Result dry = DlqReplay.run(new DlqReplay.Options(kafka.bootstrapServers(), mosquitto.url(),
                        Set.of("TOPIC_MISMATCH"), null, 0, true));
                assertThat(dry.replayed()).containsExactly(Map.entry("TOPIC_MISMATCH", 20L));

                DlqReplay.Result result = DlqReplay.run(new DlqReplay.Options(kafka.bootstrapServers(),
                        mosquitto.url(), Set.of("TOPIC_MISMATCH"), null, 0, false));

                assertThat(result.replayed()).containsExactly(Map.entry("TOPIC_MISMATCH", 20L));
                assertThat(result.filteredOut()).isEqualTo(1);
                await().atMost(WAIT).untilAsserted(() -> assertThat(readingsOf(kafka, "replay-"))
                        .hasSize(20)
                        .allSatisfy(r -> {
                            int i = Integer.parseInt(r.deviceId().substring("replay-".length()));
                            assertThat(r.metric()).isEqualTo("temperature");
                            assertThat(r.value().raw()).isEqualTo(20.0 + i);
                            assertThat(r.eventTime()).isEqualTo(t0 + i);
                        }));
                // the broken payload was not replayed: still exactly one INVALID_JSON
                assertThat(dlqCodes(kafka)).containsEntry("INVALID_JSON", 1L).containsEntry("TOPIC_MISMATCH", 20L);
            }
        }
    }

    private static Map<String, Long> dlqCodes(KafkaFixture kafka) {
        return KafkaFixture.readAll(kafka.bootstrapServers(), Topics.DLQ, Duration.ofSeconds(20)).stream()
                .collect(Collectors.groupingBy(r -> header(r, DlqHeaders.ERROR_CODE), Collectors.counting()));
    }

    private static List<Reading> readingsOf(KafkaFixture kafka, String devicePrefix) {
        return KafkaFixture.readAll(kafka.bootstrapServers(), Topics.READINGS, Duration.ofSeconds(20)).stream()
                .map(r -> parse(r.value())).filter(r -> r.deviceId().startsWith(devicePrefix)).toList();
    }

    private static Reading parse(String json) {
        try {
            return Json.mapper().readValue(json, Reading.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
