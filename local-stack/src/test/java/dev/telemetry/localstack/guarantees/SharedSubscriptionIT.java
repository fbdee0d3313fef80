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
 * Guarantee 4: two gateways share one subscription ({@code $share/gw/sensors/#}); one is killed
 * (SIGKILL) mid-stream. The survivor keeps writing its share; the killed one's unacknowledged and
 * queued messages stay in its persistent session on the broker (Mosquitto does not hand them to the
 * other member) and are delivered when it is replaced by a gateway with the same id: no loss.
 */
@Timeout(300)
class SharedSubscriptionIT {

    private static final int RATE = 1_500;

    @Test
    void shouldLoseNothingWhenOneOfTwoSharedSubscriptionGatewaysIsKilled(@TempDir Path dir) throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start();
                KafkaFixture kafka = KafkaFixture.start()) {
            Map<String, String> env = Map.of(
                    "MQTT_URL", mosquitto.url(),
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TOPICS_REPLICATION_FACTOR", "1",
                    "MQTT_TOPIC_FILTER", "$share/gw/sensors/#");
            try (GatewayProcess survivor = GatewayProcess.start("shared-a", env, dir, "256m");
                    GatewayProcess victim = GatewayProcess.start("shared-b", env, dir, "256m");
                    LoadPublisher publisher = LoadPublisher.start(mosquitto.url(), KafkaFixture.uniqueName("s") + "-d",
                            100, RATE, 500)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= 6_000);

                long beforeKill = publisher.acknowledged();
                victim.kill();
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= beforeKill + 6_000);
                // the survivor kept working on its own while the other was down
                try (ReadingsTally tally = new ReadingsTally(kafka.bootstrapServers(), publisher)) {
                    long survivorBefore = tally.poll().byGateway().getOrDefault("shared-a", 0L);
                    await("the survivor keeps writing while the other gateway is down").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> tally.poll().byGateway().getOrDefault("shared-a", 0L) >= survivorBefore + 1_000);
                    assertThat(victim.isAlive()).isFalse();
                }

                victim.restart();
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= beforeKill + 12_000);
                NoLoss.Figures f = NoLoss.assertEveryPublishedMessageInKafka("SharedSubscriptionIT", publisher,
                        kafka.bootstrapServers());
                assertThat(f.byGateway()).as("both members of the shared subscription wrote readings")
                        .containsKeys("shared-a", "shared-b");
                assertThat(survivor.isAlive()).isTrue();
            }
        }
    }
}
