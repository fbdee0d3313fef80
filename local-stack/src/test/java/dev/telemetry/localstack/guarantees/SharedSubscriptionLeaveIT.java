package dev.telemetry.localstack.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.fixtures.GatewayProcess;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.LoadPublisher;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 6, scale-in: two gateways share one subscription ({@code $share/leave-it/sensors/#}) on Mosquitto
 * while QoS 1 readings keep coming; one of them, configured with {@code mqtt.shutdown.mode=leave}, is stopped
 * with SIGTERM (what Kubernetes sends) and never comes back. Every published reading must still reach
 * {@code telemetry.readings}: the survivor takes the new ones, the leaving one drains what the broker had
 * already assigned to it. And the broker must no longer hold a session for the leaving gateway's client id.
 *
 * <p>The leaving gateway is made slower than its share (a receive maximum of {@value #RECEIVE_MAXIMUM} and
 * {@code kafka.linger.ms=50}), so that when it unsubscribes the broker has messages in flight to it and more
 * queued behind them: what a gateway stopped with {@code keep-session} strands (ScaleOutIT measures that case;
 * this test with {@code keep-session} instead of {@code leave} missed 4,024 of 10,157 readings) and what this
 * mode must not lose.
 */
@Timeout(300)
class SharedSubscriptionLeaveIT {

    private static final int RATE = 1_000;
    private static final int RECEIVE_MAXIMUM = 10;
    private static final Pattern LEFT = Pattern.compile("drained and acknowledged (\\d+) message\\(s\\) in (\\d+) ms,"
            + " session gateway-leave-b ended");

    @Test
    void shouldStrandNothingWhenAGatewayLeavesTheSharedSubscriptionForGood(@TempDir Path dir) throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start();
                KafkaFixture kafka = KafkaFixture.start()) {
            Map<String, String> env = Map.of(
                    "MQTT_URL", mosquitto.url(),
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TOPICS_REPLICATION_FACTOR", "1",
                    "MQTT_TOPIC_FILTER", "$share/leave-it/sensors/#");
            Map<String, String> leavingEnv = new HashMap<>(env);
            leavingEnv.putAll(Map.of(
                    "MQTT_SHUTDOWN_MODE", "leave",
                    // below GatewayProcess's 30 s wait for the exit, as terminationGracePeriodSeconds must be
                    "MQTT_SHUTDOWN_DRAIN_TIMEOUT", "15s",
                    "MQTT_RECEIVE_MAXIMUM", Integer.toString(RECEIVE_MAXIMUM),
                    "KAFKA_LINGER_MS", "50"));
            try (GatewayProcess survivor = GatewayProcess.start("leave-a", env, dir, "256m");
                    GatewayProcess leaving = GatewayProcess.start("leave-b", leavingEnv, dir, "256m");
                    LoadPublisher publisher = LoadPublisher.start(mosquitto.url(),
                            KafkaFixture.uniqueName("lv") + "-d", 100, RATE, 500)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= 5_000);

                // WHEN one gateway leaves for good mid-stream
                long beforeLeave = publisher.acknowledged();
                leaving.stop();
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= beforeLeave + 5_000);

                // THEN every reading reaches Kafka, with no gateway coming back for the leaving one's session
                NoLoss.Figures f = NoLoss.assertEveryPublishedMessageInKafka("SharedSubscriptionLeaveIT", publisher,
                        kafka.bootstrapServers());
                Matcher left = LEFT.matcher(leaving.log());
                assertThat(left.find()).as("the leaving gateway logged that it drained and ended its session")
                        .isTrue();
                long drained = Long.parseLong(left.group(1));
                System.out.printf("SharedSubscriptionLeaveIT: leave-b drained %d message(s) in %s ms after SIGTERM%n",
                        drained, left.group(2));
                assertThat(drained).as("messages the leaving gateway wrote after unsubscribing: more than its"
                        + " receive maximum means it also drained what the broker had queued for it")
                        .isGreaterThan(RECEIVE_MAXIMUM);
                assertThat(f.byGateway()).as("both members of the shared subscription wrote readings")
                        .containsKeys("leave-a", "leave-b");
                assertThat(sessionPresent(mosquitto.url(), "gateway-leave-b"))
                        .as("the broker still holds a session for the gateway that left").isFalse();
                assertThat(survivor.isAlive()).isTrue();
            }
        }
    }

    /**
     * Whether the broker has a session for {@code clientId}: connects with clean start off and reads the
     * CONNACK's session-present flag. The probe asks for session expiry 0 and subscribes to nothing, so it
     * leaves no session behind either.
     */
    private static boolean sessionPresent(String url, String clientId) throws MqttException {
        MqttAsyncClient probe = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(0L);
            IMqttToken connack = probe.connect(o);
            connack.waitForCompletion(10_000);
            boolean present = connack.getSessionPresent();
            probe.disconnect().waitForCompletion(10_000);
            return present;
        } finally {
            probe.close();
        }
    }
}
