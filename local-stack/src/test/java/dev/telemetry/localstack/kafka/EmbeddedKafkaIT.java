package dev.telemetry.localstack.kafka;

import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.support.PortInUseException;
import dev.telemetry.localstack.support.Ports;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(180)
class EmbeddedKafkaIT {

    private static KafkaFixture kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaFixture.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldProduceAndConsumeRecordsThroughTheBroker() {
        String topic = KafkaFixture.uniqueName("it-records");
        kafka.createTopic(topic, 3);
        List<Map.Entry<String, String>> sent = IntStream.range(0, 100)
                .mapToObj(i -> Map.entry("device-" + (i % 7), "reading-" + i)).toList();

        kafka.produce(topic, sent);
        List<ConsumerRecord<String, String>> received = kafka.consume(topic, 100, Duration.ofSeconds(30));

        assertThat(received).extracting(r -> Map.entry(r.key(), r.value())).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
    }

    @Test
    void shouldCommitTransactionsOnASingleBroker() {
        // exactly-once Kafka Streams needs the transaction state log, which needs RF 1 / min ISR 1 here
        String topic = KafkaFixture.uniqueName("it-tx");
        kafka.createTopic(topic, 1);
        Properties props = kafka.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaFixture.uniqueName("tx"));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        assertThat(kafka.consume(topic, 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
                .containsExactly("committed");
    }

    @Test
    void shouldNotCreateTopicsAutomatically() throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Config config = kafka.admin().describeConfigs(List.of(broker)).all().get().get(broker);

        assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
        assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
        assertThat(config.get("num.partitions").value()).isEqualTo(String.valueOf(EmbeddedKafka.DEFAULT_PARTITIONS));
    }

    @Test
    void shouldKeepTopicsAndRecordsWhenRestartedOnTheSameDataDir(@TempDir Path dataDir) {
        String topic = KafkaFixture.uniqueName("it-restart");
        try (KafkaFixture first = KafkaFixture.startIn(dataDir)) {
            first.createTopic(topic, 2);
            first.produce(topic, List.of(Map.entry("a", "before-restart")));
        }
        try (KafkaFixture second = KafkaFixture.startIn(dataDir)) {
            assertThat(second.consume(topic, 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
                    .containsExactly("before-restart");
        }
    }

    @Test
    void shouldBeSafeToCloseTwice() {
        EmbeddedKafka broker = EmbeddedKafka.start(0, null);
        Path dir = broker.dataDir();
        broker.close();
        broker.close();

        assertThat(dir).doesNotExist();
        assertThat(Ports.isListening(broker.port())).isFalse();
    }

    @Test
    void shouldNameThePortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafka.start(port, null))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Kafka broker")
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("already in use");
        }
    }
}
