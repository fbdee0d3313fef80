package dev.telemetry.processor.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the processor's input and output topics (readings, device state, ordered readings, aggregates)
 * when they are missing, and refuses to start when the
 * device-state topic exists without compaction (it would then lose the state of quiet devices to retention,
 * and consumers could not rebuild the fleet from it).
 *
 * <p>Another instance (or the gateway) may create a topic at the same moment; that race
 * ({@link TopicExistsException}) is harmless. Every call is bounded by {@code startup.timeout}.
 */
final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

    private TopicBootstrap() {
    }

    /** @throws StartupException when Kafka does not answer in time or a topic is unusable */
    static void ensureTopics(ProcessorConfig cfg) {
        Properties props = StreamsSettings.admin(cfg);
        Duration timeout = cfg.startupTimeout();
        Admin admin = Admin.create(props);
        try {
            int brokers = await(admin.describeCluster().nodes(), timeout,
                    "Kafka at " + cfg.bootstrapServers() + " is not reachable").size();
            log.info("Kafka at {} reachable: {} broker(s)", cfg.bootstrapServers(), brokers);
            NewTopic readings = new NewTopic(cfg.readingsTopic(), cfg.topicPartitions(), cfg.topicReplicationFactor());
            NewTopic state = new NewTopic(cfg.deviceStateTopic(), cfg.topicPartitions(), cfg.topicReplicationFactor())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            NewTopic ordered = new NewTopic(cfg.orderedReadingsTopic(), cfg.topicPartitions(),
                    cfg.topicReplicationFactor());
            NewTopic aggregates = new NewTopic(cfg.aggregatesTopic(), cfg.topicPartitions(),
                    cfg.topicReplicationFactor());
            Map<String, KafkaFuture<Void>> created =
                    admin.createTopics(List.of(readings, state, ordered, aggregates)).values();
            for (Map.Entry<String, KafkaFuture<Void>> e : created.entrySet()) {
                createdOrExisting(e.getKey(), e.getValue(), cfg);
            }
            checkCompacted(admin, cfg.deviceStateTopic(), timeout);
        } finally {
            // Everything needed has been awaited (or timed out). A plain close() would wait for calls still
            // retrying against an unreachable cluster, up to default.api.timeout.ms, far beyond startup.timeout.
            admin.close(Duration.ZERO);
        }
    }

    private static void createdOrExisting(String topic, KafkaFuture<Void> creation, ProcessorConfig cfg) {
        try {
            await(creation, cfg.startupTimeout(), "cannot create topic " + topic + " with " + cfg.topicPartitions()
                    + " partitions and replication factor " + cfg.topicReplicationFactor()
                    + " (topics.partitions, topics.replication-factor)");
            log.info("created topic {} ({} partitions, replication factor {})", topic, cfg.topicPartitions(),
                    cfg.topicReplicationFactor());
        } catch (StartupException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            log.debug("topic {} already exists", topic);
        }
    }

    private static void checkCompacted(Admin admin, String topic, Duration timeout) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(List.of(resource)).all(), timeout,
                "cannot read the configuration of topic " + topic);
        ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
        String value = policy == null ? TopicConfig.CLEANUP_POLICY_DELETE : policy.value();
        if (!value.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new StartupException("topic " + topic + " exists with cleanup.policy=" + value + "; it must be"
                    + " compacted (cleanup.policy=compact) so that it keeps the latest state of every device."
                    + " Change it with kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=compact, or delete the topic.");
        }
        if (value.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            log.warn("topic {} has cleanup.policy={}: devices silent for longer than its retention will disappear"
                    + " from it", topic, value);
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException(what + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new StartupException(unreachable(what, timeout), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new StartupException(unreachable(what, timeout), cause);
            }
            throw new StartupException(what + ": " + cause.getMessage(), cause);
        }
    }

    private static String unreachable(String what, Duration timeout) {
        return what + " (no answer within " + timeout.toSeconds() + " s; check kafka.bootstrap.servers and that"
                + " the brokers are up; startup.timeout sets the wait)";
    }
}
