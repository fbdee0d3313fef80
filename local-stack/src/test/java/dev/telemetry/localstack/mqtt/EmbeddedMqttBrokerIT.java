package dev.telemetry.localstack.mqtt;

import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.localstack.fixtures.MqttV5Subscriber;
import dev.telemetry.localstack.support.PortInUseException;
import dev.telemetry.localstack.support.Ports;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(180)
class EmbeddedMqttBrokerIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedMqttBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedMqttBroker.start(0, null);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldDeliverQos1ToAnMqtt5SubscriberWithManualAcks() throws Exception {
        String topic = unique("it/v5") + "/dev-1/telemetry";
        try (MqttV5Subscriber subscriber = MqttV5Subscriber.connect(broker.url(), unique("sub"), "it/+/+/telemetry")) {
            List<String> sent = MqttV5Publisher.numbered("m", 200);

            MqttV5Publisher.publish(broker.url(), topic, sent);

            assertThat(subscriber.awaitPayloads(200, DELIVERY_TIMEOUT)).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void shouldQueueMoreThanHiveMqsDefaultThousandMessagesForAnOfflineSession() throws Exception {
        // HiveMQ's default queue limit (1000, then discard) would lose most of this backlog
        String topic = unique("it/backlog");
        String clientId = unique("gateway");
        MqttV5Subscriber.connect(broker.url(), clientId, topic).close();
        List<String> sent = MqttV5Publisher.numbered("b", 2_500);

        MqttV5Publisher.publish(broker.url(), topic, sent);

        try (MqttV5Subscriber resumed = MqttV5Subscriber.resume(broker.url(), clientId)) {
            assertThat(resumed.awaitPayloads(2_500, DELIVERY_TIMEOUT)).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void shouldExchangeMessagesBetweenMqtt311AndMqtt5Clients() throws Exception {
        String topic = unique("it/v311");
        List<String> fromV5 = new CopyOnWriteArrayList<>();
        MqttClient v311 = new MqttClient(broker.url(), unique("v311"), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        v311.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                fromV5.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        v311.connect(options);
        try (MqttV5Subscriber v5 = MqttV5Subscriber.connect(broker.url(), unique("v5"), topic + "/from-311")) {
            v311.subscribe(topic + "/from-5", 1);

            v311.publish(topic + "/from-311", "hello from 3.1.1".getBytes(StandardCharsets.UTF_8), 1, false);
            MqttV5Publisher.publish(broker.url(), topic + "/from-5", List.of("hello from 5"));

            assertThat(v5.awaitPayloads(1, DELIVERY_TIMEOUT)).containsExactly("hello from 3.1.1");
            Awaitility.await().atMost(DELIVERY_TIMEOUT).until(() -> fromV5.size() == 1);
            assertThat(fromV5).containsExactly("hello from 5");
        } finally {
            v311.disconnect();
            v311.close();
        }
    }

    @Test
    void shouldKeepSessionsAcrossARestartWithFilePersistence(@TempDir Path dataDir) throws Exception {
        HiveMqConfig config = HiveMqConfig.defaults().withPersistence(HiveMqConfig.Persistence.FILE);
        String topic = unique("it/file");
        String clientId = unique("gateway");
        List<String> sent = MqttV5Publisher.numbered("f", 50);
        try (EmbeddedMqttBroker first = EmbeddedMqttBroker.start(0, dataDir, config)) {
            MqttV5Subscriber.connect(first.url(), clientId, topic).close();
            MqttV5Publisher.publish(first.url(), topic, sent);
        }

        try (EmbeddedMqttBroker second = EmbeddedMqttBroker.start(0, dataDir, config);
             MqttV5Subscriber resumed = MqttV5Subscriber.resume(second.url(), clientId)) {
            assertThat(resumed.awaitPayloads(50, DELIVERY_TIMEOUT)).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void shouldStopAllItsThreadsAndDeleteItsTempDirOnClose() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        EmbeddedMqttBroker second = EmbeddedMqttBroker.start(0, null);
        MqttV5Publisher.publish(second.url(), "it/threads", List.of("x"));

        second.close();
        second.close();

        Awaitility.await("HiveMQ's non-daemon threads to end").atMost(Duration.ofSeconds(10)).pollInSameThread()
                .untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
                        .map(Thread::getName).collect(Collectors.toList())).isEmpty());
        assertThat(second.dataDir()).doesNotExist();
        assertThat(Ports.isListening(second.port())).isFalse();
    }

    @Test
    void shouldNameThePortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedMqttBroker.start(port, null))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("MQTT broker")
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }
}
