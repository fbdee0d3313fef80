package dev.telemetry.localstack.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.fixtures.GatewayProcess;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.LoadPublisher;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 1: the gateway process is killed (SIGKILL: no DISCONNECT, no producer flush, no acks
 * sent) while more than 2,000 QoS 1 messages/s are being published, then started again with the same
 * id: every message the broker PUBACKed has its reading in {@code telemetry.readings}.
 */
@Timeout(300)
class GatewayKilledIT {

    private static final int RATE = 2_500;

    @Test
    void shouldLoseNothingWhenTheGatewayIsKilledMidStreamAndRestarted(@TempDir Path dir) throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start();
                KafkaFixture kafka = KafkaFixture.start();
                GatewayProcess gateway = GatewayProcess.start("killed", Map.of(
                        "MQTT_URL", mosquitto.url(),
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "TOPICS_REPLICATION_FACTOR", "1",
                        // records linger 100 ms before they are sent: a gateway that acknowledged MQTT
                        // before Kafka would lose hundreds of messages at the kill, not a handful
                        "KAFKA_LINGER_MS", "100"), dir, "256m");
                LoadPublisher publisher = LoadPublisher.start(mosquitto.url(), KafkaFixture.uniqueName("k") + "-d",
                        100, RATE, 500)) {

            // GIVEN the stream is flowing through the gateway
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= 10_000);

            // WHEN the gateway is killed mid-stream and the stream goes on without it
            long beforeKill = publisher.acknowledged();
            gateway.kill();
            assertThat(gateway.isAlive()).isFalse();
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= beforeKill + 5_000);
            long whileDown = publisher.acknowledged() - beforeKill;

            // THEN, restarted with the same id (same MQTT session), it delivers everything
            gateway.restart();
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= beforeKill + 15_000);
            publisher.stopGenerating();
            double rate = publisher.ackRateWhileGenerating();
            NoLoss.Figures f = NoLoss.assertEveryPublishedMessageInKafka("GatewayKilledIT", publisher,
                    kafka.bootstrapServers());
            System.out.printf("GatewayKilledIT: %.0f msg/s PUBACKed while publishing; %d published before the kill,"
                    + " %d while the gateway was down%n", rate, beforeKill, whileDown);
            assertThat(rate).as("QoS 1 messages/s PUBACKed while publishing").isGreaterThanOrEqualTo(2_000);
            assertThat(gateway.logCount("session present: true")).as("the restarted gateway resumed its session")
                    .isGreaterThanOrEqualTo(1);
        }
    }
}
