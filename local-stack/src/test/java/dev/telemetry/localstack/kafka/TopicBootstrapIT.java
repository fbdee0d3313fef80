package dev.telemetry.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.kafka.TopicBootstrap;
import dev.telemetry.kafka.TopicBootstrap.Wanted;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.support.Ports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The start-up topic check every service runs, against a real broker. */
@Timeout(120)
class TopicBootstrapIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static KafkaFixture kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static Properties admin(String servers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("default.api.timeout.ms", "5000");
        p.put("request.timeout.ms", "5000");
        return p;
    }

    @Test
    void shouldCreateMissingTopicsWithTheirPolicyAndAcceptThemOnTheNextStart() throws Exception {
        String events = KafkaFixture.uniqueName("events");
        String state = KafkaFixture.uniqueName("state");
        List<Wanted> wanted = List.of(Wanted.deleted(events, 3, (short) 1, "keep all"),
                Wanted.compacted(state, 2, (short) 1, "latest per key"));

        TopicBootstrap.ensure(admin(kafka.bootstrapServers()), wanted, TIMEOUT, "topics.partitions");
        TopicBootstrap.ensure(admin(kafka.bootstrapServers()), wanted, TIMEOUT, "topics.partitions");

        var described = kafka.admin().describeTopics(List.of(events, state)).allTopicNames().get();
        assertThat(described.get(events).partitions()).hasSize(3);
        assertThat(described.get(state).partitions()).hasSize(2);
        ConfigResource stateResource = new ConfigResource(ConfigResource.Type.TOPIC, state);
        ConfigEntry policy = kafka.admin().describeConfigs(List.of(stateResource)).all().get().get(stateResource)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG);
        assertThat(policy.value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    @Test
    void shouldRefuseAnExistingTopicWhoseCleanupPolicyWouldLoseData() {
        String compacted = KafkaFixture.uniqueName("readings");
        kafka.createTopic(compacted, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        String deleted = KafkaFixture.uniqueName("device-state");
        kafka.createTopic(deleted, 1);

        assertThatThrownBy(() -> TopicBootstrap.ensure(admin(kafka.bootstrapServers()),
                List.of(Wanted.deleted(compacted, 1, (short) 1, "compaction loses readings")), TIMEOUT, "k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topic " + compacted + " exists with cleanup.policy=compact")
                .hasMessageContaining("needs cleanup.policy=delete: compaction loses readings")
                .hasMessageContaining("kafka-configs.sh --alter");
        assertThatThrownBy(() -> TopicBootstrap.ensure(admin(kafka.bootstrapServers()),
                List.of(Wanted.compacted(deleted, 1, (short) 1, "state of quiet devices")), TIMEOUT, "k"))
                .hasMessageContaining("needs cleanup.policy=compact");
    }

    @Test
    void shouldNameTheSizeKeysWhenATopicCannotBeCreated() {
        String tooReplicated = KafkaFixture.uniqueName("replicated");
        assertThatThrownBy(() -> TopicBootstrap.ensure(admin(kafka.bootstrapServers()),
                List.of(Wanted.any(tooReplicated, 1, (short) 3)), TIMEOUT,
                "topics.partitions, topics.replication-factor"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot create topic " + tooReplicated)
                .hasMessageContaining("replication factor 3 (topics.partitions, topics.replication-factor)");
    }

    @Test
    void shouldFailWithinTheTimeoutWhenKafkaIsNotThere() {
        int nobody = Ports.freePort();
        long start = System.nanoTime();
        assertThatThrownBy(() -> TopicBootstrap.ensure(admin("127.0.0.1:" + nobody),
                List.of(Wanted.any("t", 1, (short) 1)), Duration.ofSeconds(3), "k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka at 127.0.0.1:" + nobody + " is not reachable")
                .hasMessageContaining("no answer within 3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
