package dev.telemetry.localstack.kafka;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaConfigTest {

    @Test
    void shouldConfigureOneCombinedNodeOnLoopback() {
        Map<String, String> config = EmbeddedKafka.brokerConfig(9092, 9093, Path.of("/data/kafka"));

        assertThat(config)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", Path.of("/data/kafka").toString());
    }

    @Test
    void shouldFitEveryInternalTopicOnOneBroker() {
        Map<String, String> config = EmbeddedKafka.brokerConfig(9092, 9093, Path.of("/data/kafka"));

        assertThat(config)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }
}
