package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.model.Topics;
import dev.telemetry.simulator.replay.ColumnMapping;
import dev.telemetry.simulator.replay.Replay;
import dev.telemetry.simulator.replay.ReplayConfig;
import dev.telemetry.simulator.replay.TimeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code device-simulator replay} of a NAB slice (30 rows of {@code machine_temperature_system_failure.csv},
 * 5-minute cadence, replayed 3000x faster) through Mosquitto and the gateway: every row arrives in
 * {@code telemetry.readings} with its value and its original event time, over MQTT 3.1.1 (the
 * gateway picks the decoder by subscription, since no content type travels).
 */
@Timeout(120)
class SimulatorReplayIT {

    private static final Path SLICE = Path.of("src", "test", "resources", "replay", "nab-machine-temperature-30.csv");
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void shouldDeliverEveryRowOfANabSliceWithItsValueAndEventTime() throws Exception {
        String prefix = "replay" + Long.toHexString(System.nanoTime());
        String device = "nab-" + Long.toHexString(System.nanoTime());
        try (MosquittoProcess mosquitto = MosquittoProcess.start(); KafkaFixture kafka = KafkaFixture.start()) {
            Map<String, String> cfg = new HashMap<>(Map.of(
                    "subscriptions", "json",
                    "subscription.json.filter", prefix + "/+",
                    "subscription.json.format", "json",
                    "subscription.json.topic-template", prefix + "/{deviceId}"));
            cfg.putAll(Map.of("gateway.id", KafkaFixture.uniqueName("gw"), "mqtt.url", mosquitto.url(),
                    "kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.replication-factor", "1",
                    "http.host", "127.0.0.1", "http.port", "0"));
            try (Gateway gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(cfg)))) {
                // GIVEN the expected readings, computed from the CSV itself
                List<String> rows = Files.readAllLines(SLICE).subList(1, 31);
                Map<String, Integer> expected = new HashMap<>();
                for (String row : rows) {
                    String[] cells = row.split(",");
                    long eventTime = LocalDateTime.parse(cells[0], NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                    expected.merge(RecordedReadings.key(device, "temperature", Double.parseDouble(cells[1]), eventTime),
                            1, Integer::sum);
                }

                // WHEN the slice is replayed 3000x faster (5 minutes become 100 ms) over MQTT 3.1.1
                ColumnMapping mapping = new ColumnMapping(null, device, "timestamp",
                        TimeFormat.of("yyyy-MM-dd HH:mm:ss"), ColumnMapping.metrics(null, "value", "temperature"));
                ReplayConfig config = new ReplayConfig(SLICE, "auto", mapping, 0, 3000, false, prefix,
                        mosquitto.url(), null, null, 1, 3, "replay-it-" + device, 100, Duration.ofSeconds(10),
                        Duration.ofSeconds(10));
                Replay.Result result = Replay.run(config, () -> false);

                // THEN all 30 were acknowledged and arrive with their value and original event time
                // (the pacing itself is ReplayerTest's, on a fake clock)
                assertThat(result.summary().messages()).isEqualTo(30);
                assertThat(result.summary().errors()).isZero();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Map<String, Integer> inKafka = RecordedReadings.inKafka(kafka, device);
                    assertThat(RecordedReadings.missing(expected, inKafka)).as("rows not in " + Topics.READINGS)
                            .isEmpty();
                    assertThat(inKafka).isEqualTo(expected); // QoS 1 without drops: no duplicates either
                });
            }
        }
    }
}
