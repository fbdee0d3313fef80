package dev.telemetry.localstack.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.fixtures.GatewayProcess;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.LoadPublisher;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 5: the MQTT broker (Mosquitto with persistence) is stopped mid-stream and started again a
 * few seconds later. The gateway retries with capped exponential backoff and jitter (1 s, 2 s, 4 s ...
 * each +-25 %), resumes its persistent session (the subscription is the broker's, restored from its
 * persistence file) and nothing PUBACKed to the publishers is lost.
 */
@Timeout(300)
class BrokerRestartIT {

    private static final int RATE = 1_000;
    private static final Duration BROKER_DOWN = Duration.ofSeconds(5);

    @Test
    void shouldReconnectWithBackoffResumeTheSessionAndLoseNothingWhenTheBrokerRestarts(@TempDir Path dir)
            throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start(true);
                KafkaFixture kafka = KafkaFixture.start();
                GatewayProcess gateway = GatewayProcess.start("restart", Map.of(
                        "MQTT_URL", mosquitto.url(),
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "TOPICS_REPLICATION_FACTOR", "1"), dir, "256m");
                LoadPublisher publisher = LoadPublisher.start(mosquitto.url(), KafkaFixture.uniqueName("b") + "-d",
                        100, RATE, 500)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= 5_000);
            long pid = gateway.pid();
            int delaysBefore = gateway.reconnectDelaysMs().size();

            // WHEN the broker stops (it saves its persistence file) and comes back after a few seconds
            mosquitto.stop();
            NoLoss.hold(BROKER_DOWN, () -> assertThat(gateway.isAlive()).isTrue());
            mosquitto.restart();
            long afterRestart = publisher.acknowledged();
            await("the gateway resumes its session").atMost(Duration.ofSeconds(60))
                    .until(() -> gateway.logCount("session present: true") >= 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= afterRestart + 5_000);

            NoLoss.Figures f = NoLoss.assertEveryPublishedMessageInKafka("BrokerRestartIT", publisher,
                    kafka.bootstrapServers());

            // THEN it retried with capped exponential backoff and jitter
            List<Long> delays = gateway.reconnectDelaysMs().subList(delaysBefore, gateway.reconnectDelaysMs().size());
            System.out.printf("BrokerRestartIT: broker down %d s; gateway reconnect delays %s ms; publisher"
                    + " reconnects %d%n", BROKER_DOWN.toSeconds(), delays, publisher.reconnects());
            assertThat(delays).as("reconnect attempts while the broker was down").hasSizeGreaterThanOrEqualTo(3);
            for (int i = 0; i < delays.size(); i++) {
                long base = Math.min(1000L << i, 120_000L);
                assertThat(delays.get(i)).as("delay %d: %d ms +-25 %%", i, base)
                        .isBetween(Math.round(base * 0.75), Math.round(base * 1.25));
            }
            assertThat(delays.stream().distinct().count()).as("jittered, not fixed, delays").isGreaterThan(1);
            assertThat(gateway.pid()).as("the same gateway process").isEqualTo(pid);
            assertThat(f.published()).isGreaterThan(afterRestart);
        }
    }
}
