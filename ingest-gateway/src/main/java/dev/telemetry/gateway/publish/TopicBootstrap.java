package dev.telemetry.gateway.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the gateway's output topics at start-up when they are missing, and refuses to start when
 * one exists with a configuration that would lose data (a compacted readings topic keeps only the
 * last reading per device).
 *
 * <p>Another gateway instance may create the same topic at the same moment; that race
 * ({@link TopicExistsException}) is harmless. Every call is bounded by the timeout; when Kafka cannot
 * be reached in time this fails with a message saying so.
 */
public final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

    private TopicBootstrap() {
    }

    /**
     * Ensures {@code topics} exist with a delete (not compact-only) cleanup policy.
     *
     * @param adminConfig see {@link ProducerSettings#admin}
     * @throws IllegalStateException when Kafka is unreachable within {@code timeout}, a topic cannot be
     *         created, or an existing topic is compacted
     */
    public static void ensureTopics(Properties adminConfig, Collection<String> topics, int partitions,
            short replicationFactor, Duration timeout) {
        String servers = String.valueOf(adminConfig.get("bootstrap.servers"));
        Admin admin = Admin.create(adminConfig);
        try {
            int brokers = await(admin.describeCluster().nodes(), timeout,
                    "Kafka at " + servers + " is not reachable").size();
            log.info("Kafka at {} reachable: {} broker(s)", servers, brokers);
            List<NewTopic> wanted = new ArrayList<>();
            for (String t : topics) {
                wanted.add(new NewTopic(t, partitions, replicationFactor));
            }
            Map<String, KafkaFuture<Void>> created = admin.createTopics(wanted).values();
            for (Map.Entry<String, KafkaFuture<Void>> e : created.entrySet()) {
                String what = "cannot create topic " + e.getKey() + " with " + partitions
                        + " partitions and replication factor " + replicationFactor
                        + " (topics.partitions, topics.replication-factor)";
                if (createdOrExisting(e.getValue(), timeout, what)) {
                    log.info("created topic {} ({} partitions, replication factor {})", e.getKey(), partitions,
                            replicationFactor);
                } else {
                    log.debug("topic {} already exists", e.getKey());
                }
            }
            checkCleanupPolicies(admin, topics, timeout);
        } finally {
            // every call has been awaited or timed out; a plain close() would wait up to a minute more for
            // calls still retrying against an unreachable cluster
            admin.close(Duration.ZERO);
        }
    }

    private static void checkCleanupPolicies(Admin admin, Collection<String> topics, Duration timeout) {
        List<ConfigResource> resources = new ArrayList<>();
        for (String t : topics) {
            resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t));
        }
        Map<ConfigResource, Config> configs = describeConfigs(admin, resources, timeout,
                "cannot read the configuration of topics " + topics);
        for (Map.Entry<ConfigResource, Config> e : configs.entrySet()) {
            ConfigEntry policy = e.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String value = policy == null ? TopicConfig.CLEANUP_POLICY_DELETE : policy.value();
            if (!value.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                throw new IllegalStateException("topic " + e.getKey().name() + " exists with cleanup.policy=" + value
                        + "; the gateway needs cleanup.policy=delete (compaction would keep only the last record"
                        + " per device). Change the topic's configuration or delete it.");
            }
        }
    }

    /**
     * A topic created a moment ago (by this call or by another service starting alongside) may not be
     * known to every broker yet: describeConfigs then fails with UnknownTopicOrPartition for a while.
     */
    private static Map<ConfigResource, Config> describeConfigs(Admin admin, List<ConfigResource> resources,
            Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return await(admin.describeConfigs(resources).all(), timeout, what);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                log.debug("topic metadata not propagated yet; retrying describeConfigs");
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(what + ": interrupted", ie);
                }
            }
        }
    }

    /** True when the topic was created, false when it already existed (a restart, or another instance won). */
    private static boolean createdOrExisting(KafkaFuture<Void> creation, Duration timeout, String what) {
        try {
            await(creation, timeout, what);
            return true;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " (no answer within " + timeout.toSeconds()
                    + " s; check kafka.bootstrap.servers and that the brokers are up)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException(what + " (no answer within " + timeout.toSeconds()
                        + " s; check kafka.bootstrap.servers and that the brokers are up)", cause);
            }
            throw new IllegalStateException(what + ": " + cause.getMessage(), cause);
        }
    }
}
