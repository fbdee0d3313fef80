package dev.telemetry.localstack.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the gateway's {@code mqtt.shutdown.mode=leave} relies on, pinned against the Mosquitto the project tests
 * with (the MQTT 5 specification leaves both points to the broker, section 4.8.2):
 * <ol>
 *   <li>after a shared-subscription member UNSUBSCRIBEs, the broker still delivers the messages it had already
 *       assigned to that member (in flight and queued behind the receive maximum), as the member acknowledges;</li>
 *   <li>when a member's session ends (DISCONNECT with session expiry 0) with messages still unacknowledged or
 *       queued, the broker does <em>not</em> hand them to the other members: they are gone. So a leaving gateway
 *       must drain before it drops its session.</li>
 * </ol>
 * If a broker upgrade changes either, this test says so before a scale-in loses data.
 */
@Timeout(120)
class MosquittoSharedSessionIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GROUP_FILTER = "$share/leave-it/probe/#";
    private static final int RECEIVE_MAXIMUM = 5;
    private static final int MESSAGES = 30;

    private MosquittoProcess mosquitto;
    private Member leaving;
    private Member staying;

    @BeforeEach
    void start() {
        mosquitto = MosquittoProcess.start();
    }

    @AfterEach
    void stop() {
        for (Member m : new Member[] {leaving, staying}) {
            if (m != null) {
                m.closeQuietly();
            }
        }
        mosquitto.close();
    }

    @Test
    void shouldDeliverWhatWasQueuedForAMemberAfterItUnsubscribes() throws Exception {
        // GIVEN the only member holds RECEIVE_MAXIMUM messages unacknowledged and the rest are queued for it
        leaving = Member.join(mosquitto.url(), "probe-leaving", RECEIVE_MAXIMUM);
        MqttV5Publisher.publish(mosquitto.url(), "probe/d", MqttV5Publisher.numbered("m", MESSAGES));
        await().atMost(WAIT).until(() -> leaving.received().size() == RECEIVE_MAXIMUM);

        // WHEN it unsubscribes and only then acknowledges what it holds and what keeps coming
        leaving.unsubscribe();
        leaving.ackAllFromNowOn();

        // THEN it gets every message that was queued for it
        await().atMost(WAIT).until(() -> leaving.received().size() == MESSAGES);
        assertThat(leaving.received()).isEqualTo(new HashSet<>(MqttV5Publisher.numbered("m", MESSAGES)));
        System.out.printf("MosquittoSharedSessionIT: after UNSUBSCRIBE the member still received %d of %d"
                + " messages assigned to it (%d held unacknowledged at the time)%n", leaving.received().size(),
                MESSAGES, RECEIVE_MAXIMUM);
    }

    @Test
    void shouldNotHandAnEndedSessionsMessagesToTheOtherMembers() throws Exception {
        // GIVEN one member holds RECEIVE_MAXIMUM messages unacknowledged and the rest are queued for it
        leaving = Member.join(mosquitto.url(), "probe-leaving", RECEIVE_MAXIMUM);
        MqttV5Publisher.publish(mosquitto.url(), "probe/d", MqttV5Publisher.numbered("m", MESSAGES));
        await().atMost(WAIT).until(() -> leaving.received().size() == RECEIVE_MAXIMUM);
        staying = Member.join(mosquitto.url(), "probe-staying", 100);
        staying.ackAllFromNowOn();

        // WHEN the first one ends its session without acknowledging anything
        leaving.disconnectEndingSession();
        MqttV5Publisher.publish(mosquitto.url(), "probe/d", List.of("after"));

        // THEN the other member gets new messages, but none of the ended session's
        await().atMost(WAIT).until(() -> staying.received().contains("after"));
        assertThat(staying.received()).as("messages of the ended session handed to the other member")
                .containsExactly("after");
        System.out.printf("MosquittoSharedSessionIT: ending a session with %d messages unacknowledged or queued"
                + " handed %d of them to the other member%n", MESSAGES, staying.received().size() - 1);
    }

    /** A member of the shared group with a persistent session and manual acks, holding acks until told. */
    private static final class Member implements MqttCallback {
        private final MqttAsyncClient client;
        private final Set<String> received = ConcurrentHashMap.newKeySet();
        private final ConcurrentLinkedQueue<MqttMessage> held = new ConcurrentLinkedQueue<>();
        private volatile boolean acking;

        private Member(MqttAsyncClient client) {
            this.client = client;
        }

        static Member join(String url, String clientId, int receiveMaximum) throws MqttException {
            Member m = new Member(new MqttAsyncClient(url, clientId, new MemoryPersistence()));
            m.client.setManualAcks(true);
            m.client.setCallback(m);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSessionExpiryInterval(3_600L);
            o.setReceiveMaximum(receiveMaximum);
            o.setAutomaticReconnect(false);
            m.client.connect(o).waitForCompletion(WAIT.toMillis());
            m.client.subscribe(GROUP_FILTER, 1).waitForCompletion(WAIT.toMillis());
            return m;
        }

        Set<String> received() {
            return received;
        }

        void unsubscribe() throws MqttException {
            client.unsubscribe(GROUP_FILTER).waitForCompletion(WAIT.toMillis());
        }

        synchronized void ackAllFromNowOn() throws MqttException {
            acking = true;
            for (MqttMessage m = held.poll(); m != null; m = held.poll()) {
                client.messageArrivedComplete(m.getId(), m.getQos());
            }
        }

        void disconnectEndingSession() throws MqttException {
            MqttProperties properties = new MqttProperties();
            properties.setSessionExpiryInterval(0L);
            client.disconnect(1_000, null, null, 0, properties).waitForCompletion(WAIT.toMillis());
        }

        void closeQuietly() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000, false);
                }
                client.close(true);
            } catch (MqttException e) {
                System.out.println("MosquittoSharedSessionIT: closing " + client.getClientId() + ": " + e);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws MqttException {
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            synchronized (this) {
                if (acking) {
                    client.messageArrivedComplete(message.getId(), message.getQos());
                } else {
                    held.add(message);
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
