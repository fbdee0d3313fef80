package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.model.Topics;
import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.SimulatorConfig;
import dev.telemetry.simulator.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection drops and MQTT 3.1.1 against a real Mosquitto, Kafka and gateway: with
 * {@code --connection-drops} at QoS 1, every reading the simulator recorded as delivered reaches
 * {@code telemetry.readings} (duplicates allowed, nothing lost), over MQTT 5 and over MQTT 3.1.1.
 */
@Timeout(120)
class SimulatorDropsIT {

    private static final String PREFIX = "drops" + Long.toHexString(System.nanoTime());
    private static MosquittoProcess mosquitto;
    private static KafkaFixture kafka;
    private static Gateway gateway;

    @BeforeAll
    static void startStack() {
        mosquitto = MosquittoProcess.start();
        kafka = KafkaFixture.start();
        Map<String, String> cfg = new HashMap<>(Map.of(
                "subscriptions", "json",
                "subscription.json.filter", PREFIX + "/+",
                "subscription.json.format", "json",
                "subscription.json.topic-template", PREFIX + "/{deviceId}"));
        cfg.putAll(Map.of("gateway.id", KafkaFixture.uniqueName("gw"), "mqtt.url", mosquitto.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.replication-factor", "1",
                "http.host", "127.0.0.1", "http.port", "0"));
        gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(cfg)));
    }

    @AfterAll
    static void stopStack() {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void shouldLoseNothingAtQos1WhenConnectionsAreDroppedOverMqtt5(@TempDir Path tmp) throws Exception {
        runWithDrops(tmp, 5, "five-");
    }

    @Test
    void shouldLoseNothingAtQos1WhenConnectionsAreDroppedOverMqtt311(@TempDir Path tmp) throws Exception {
        runWithDrops(tmp, 3, "three-");
    }

    private static void runWithDrops(Path tmp, int mqttVersion, String devicePrefix) throws Exception {
        // GIVEN 10 devices on 2 connections, 1000 messages at 100 messages/s, ~0.01 drops per tick per connection
        Path recording = tmp.resolve("drops.jsonl");
        SimulatorConfig config = SimulatorConfig.builder().mqttUrl(mosquitto.url()).mqttVersion(mqttVersion)
                .topicPrefix(PREFIX).devicePrefix(devicePrefix).devices(10).connections(2).qos(1)
                .readingsPerSecond(300).count(3000).connectionDrops(30).seed(11).recordFile(recording)
                .clientIdPrefix("drops-it-" + mqttVersion + "-" + Long.toHexString(System.nanoTime()))
                .drainTimeout(Duration.ofSeconds(30)).build();

        // WHEN it runs to its count
        Summary summary;
        long drops;
        long reconnects;
        try (Simulator simulator = Simulator.start(config)) {
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(60))).as("simulator finished").isTrue();
            simulator.stop();
            summary = simulator.summary();
            drops = simulator.connectionDrops();
            reconnects = simulator.reconnects();
        }

        // THEN connections were really cut and came back, nothing failed, and the recording says so
        assertThat(drops).as("connections dropped").isPositive();
        assertThat(reconnects).as("reconnects").isPositive(); // the last drop may come after the last message
        assertThat(summary.errors()).isZero();
        assertThat(summary.messages()).isEqualTo(1000);
        assertThat(Files.readAllLines(recording).stream().filter(l -> l.contains("\"event\":\"CONNECTION_DROP\"")))
                .hasSize((int) drops);
        Map<String, Integer> expected = RecordedReadings.expected(recording);
        assertThat(expected.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);

        // AND every recorded reading is in telemetry.readings at least once
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(RecordedReadings.missing(expected, RecordedReadings.inKafka(kafka, devicePrefix)))
                        .as("recorded readings not in " + Topics.READINGS).isEmpty());
    }
}
