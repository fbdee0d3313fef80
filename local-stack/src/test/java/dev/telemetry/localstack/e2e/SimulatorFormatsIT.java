package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.Topics;
import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.SimulatorConfig;
import dev.telemetry.simulator.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format mixed} against a real broker, Kafka and a gateway configured with the mixed
 * subscription block of the device-simulator README: every reading the simulator recorded, in all
 * five formats, arrives in {@code telemetry.readings} with the device id, value and (where the format
 * carries one) the event time the recording states.
 */
@Timeout(60)
class SimulatorFormatsIT {

    /** The README's block for --format mixed, with a prefix of this test's own. */
    private static Map<String, String> mixedSubscriptions(String prefix) {
        return Map.of(
                "subscriptions", "sparkplug,plain,packs",
                "subscription.sparkplug.filter", "spBv1.0/" + prefix + "/#",
                "subscription.sparkplug.format", "sparkplug-b",
                "subscription.plain.filter", prefix + "/+/+",
                "subscription.plain.format", "plain",
                "subscription.plain.topic-template", prefix + "/{deviceId}/{metric}",
                "subscription.packs.filter", prefix + "/+",
                "subscription.packs.format", "auto",
                "subscription.packs.topic-template", prefix + "/{deviceId}");
    }

    @Test
    void shouldDeliverEveryRecordedReadingOfAMixedRunToKafka(@TempDir Path tmp) throws Exception {
        String prefix = "formats" + Long.toHexString(System.nanoTime());
        try (MosquittoProcess mosquitto = MosquittoProcess.start(); KafkaFixture kafka = KafkaFixture.start()) {
            Map<String, String> cfg = new HashMap<>(mixedSubscriptions(prefix));
            cfg.putAll(Map.of("gateway.id", KafkaFixture.uniqueName("gw"), "mqtt.url", mosquitto.url(),
                    "kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.replication-factor", "1",
                    "http.host", "127.0.0.1", "http.port", "0"));
            try (Gateway gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(cfg)))) {
                Path recording = tmp.resolve("mixed.jsonl");
                SimulatorConfig config = SimulatorConfig.builder().mqttUrl(mosquitto.url()).format("mixed")
                        .topicPrefix(prefix).devices(10).readingsPerSecond(300).duration(Duration.ofSeconds(3))
                        .seed(6).recordFile(recording).clientIdPrefix("simulator-formats-it").build();
                Summary summary;
                try (Simulator simulator = Simulator.start(config)) {
                    assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).as("simulator finished").isTrue();
                    simulator.stop();
                    summary = simulator.summary();
                }
                assertThat(summary.errors()).isZero();
                Map<String, Integer> expected = expectedReadings(recording);
                assertThat(expected.values().stream().mapToInt(Integer::intValue).sum())
                        .isEqualTo(summary.readings());
                assertThat(expected.keySet()).anyMatch(k -> k.startsWith(prefix + "/sim-00005|")); // Sparkplug node
                assertThat(expected.keySet()).anyMatch(k -> k.endsWith("|*")); // plain

                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Map<String, Integer> inKafka = readingsInKafka(kafka, expected.keySet());
                    Set<String> missing = new TreeSet<>();
                    expected.forEach((k, n) -> {
                        if (inKafka.getOrDefault(k, 0) < n) {
                            missing.add(k + " x" + (n - inKafka.getOrDefault(k, 0)));
                        }
                    });
                    assertThat(missing).as("recorded readings not in " + Topics.READINGS).isEmpty();
                });
                assertThat(KafkaFixture.readAll(kafka.bootstrapServers(), Topics.DLQ, Duration.ofSeconds(10)).stream()
                        .map(r -> header(r, DlqHeaders.MQTT_TOPIC) + " " + header(r, DlqHeaders.ERROR_CODE))
                        .filter(d -> d.contains(prefix)))
                        .as("dead letters of this run").isEmpty();
            }
        }
    }

    /**
     * How often each {@code device|metric|value|eventTime} was recorded; eventTime {@code *} when the
     * gateway stamps it (plain), where the same value may recur.
     */
    private static Map<String, Integer> expectedReadings(Path recording) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (String line : Files.readAllLines(recording)) {
            JsonNode node = Json.mapper().readTree(line);
            for (JsonNode r : node.path("readings")) {
                out.merge(r.get("deviceId").asText() + "|" + r.get("metric").asText() + "|"
                        + r.get("value").asDouble() + "|" + (r.has("ts") ? r.get("ts").asText() : "*"), 1, Integer::sum);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Integer> readingsInKafka(KafkaFixture kafka, Set<String> expected) {
        Map<String, Integer> out = new HashMap<>();
        for (var record : KafkaFixture.readAll(kafka.bootstrapServers(), Topics.READINGS, Duration.ofSeconds(10))) {
            Reading r;
            try {
                r = Json.mapper().readValue(record.value(), Reading.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String head = r.deviceId() + "|" + r.metric() + "|" + r.value().raw() + "|";
            out.merge(expected.contains(head + "*") ? head + "*" : head + r.eventTime(), 1, Integer::sum);
        }
        return out;
    }
}
