package dev.telemetry.localstack.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.LoadPublisher;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scale-in without stranded messages: two gateways share one subscription ({@code $share/leave-it/sensors/#})
 * on Mosquitto while QoS 1 readings keep coming; one of them is stopped for good with
 * {@code mqtt.shutdown.mode=leave} and never comes back. Every published reading must still reach
 * {@code telemetry.readings} (the survivor takes the new ones, the leaving one drains what the broker had
 * already assigned to it), and the broker must no longer hold a session for the leaving gateway's client id.
 *
 * <p>The leaving gateway is made slower than its share (a receive maximum of {@value #RECEIVE_MAXIMUM} and a
 * {@code linger.ms} of 50 ms toward Kafka), so when it unsubscribes the broker has messages in flight to it and
 * more queued behind them: what a gateway stopped with {@code keep-session} strands (ScaleOutIT measures that
 * case) and what this mode must not lose.
 */
@Timeout(300)
class SharedSubscriptionLeaveIT {

    private static final int RATE = 1_000;
    private static final int RECEIVE_MAXIMUM = 10;
    private static final String SHARED_FILTER = "$share/leave-it/sensors/#";

    @Test
    void shouldStrandNothingWhenAGatewayLeavesTheSharedSubscriptionForGood() throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start();
                KafkaFixture kafka = KafkaFixture.start()) {
            Gateway survivor = start("leave-a", mosquitto, kafka, Map.of());
            Gateway leaving = start("leave-b", mosquitto, kafka, Map.of(
                    "mqtt.shutdown.mode", "leave",
                    "mqtt.receive-maximum", Integer.toString(RECEIVE_MAXIMUM),
                    "kafka.linger.ms", "50",
                    "mqtt.shutdown.drain-timeout", "60s",
                    "mqtt.shutdown.drain-quiet-period", "2s"));
            try (LoadPublisher publisher = LoadPublisher.start(mosquitto.url(), KafkaFixture.uniqueName("lv") + "-d",
                    100, RATE, 500)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= 5_000
                        && survivor.acknowledgedCount() > 0 && leaving.acknowledgedCount() > 0);

                // WHEN one gateway leaves for good mid-stream
                long beforeLeave = publisher.acknowledged();
                long ackedBeforeLeave = leaving.acknowledgedCount();
                leaving.close();
                long drained = leaving.acknowledgedCount() - ackedBeforeLeave;
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= beforeLeave + 5_000);

                // THEN every reading reaches Kafka, with no gateway coming back for the leaving one's session
                NoLoss.Figures f = NoLoss.assertEveryPublishedMessageInKafka("SharedSubscriptionLeaveIT", publisher,
                        kafka.bootstrapServers());
                System.out.printf("SharedSubscriptionLeaveIT: leave-b acknowledged %d message(s) after close() was"
                        + " called (drained)%n", drained);
                assertThat(drained).as("messages the leaving gateway wrote after unsubscribing: more than its receive"
                        + " maximum means it also drained what the broker had queued for it").isGreaterThan(
                        RECEIVE_MAXIMUM);
                assertThat(f.byGateway()).as("both members of the shared subscription wrote readings")
                        .containsKeys("leave-a", "leave-b");
                assertThat(sessionPresent(mosquitto.url(), "gateway-leave-b"))
                        .as("the broker still holds a session for the gateway that left").isFalse();
            } finally {
                leaving.close();
                survivor.close();
            }
        }
    }

    private static Gateway start(String id, MosquittoProcess mosquitto, KafkaFixture kafka,
            Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "gateway.id", id,
                "mqtt.url", mosquitto.url(),
                "mqtt.topic-filter", SHARED_FILTER,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.replication-factor", "1",
                "http.host", "127.0.0.1",
                "http.port", "0"));
        settings.putAll(extra);
        return Gateway.start(GatewayConfig.from(ConfigSource.of(settings)));
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
