package dev.telemetry.kafka;

import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service does at start: checks that Kafka answers, creates its missing topics, and
 * refuses to run on a topic whose cleanup policy would lose data. Another instance or service may
 * create a topic at the same moment; that race is harmless, and so is a just-created topic whose
 * metadata has not reached every broker yet. Every call is bounded by the timeout, and the admin
 * client is closed without waiting for calls still retrying against an unreachable cluster.
 */
public final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final long RETRY_MILLIS = 100;

    /**
     * A topic the service needs.
     *
     * @param topic          name, partitions, replication factor and configs used when creating it
     * @param requiredPolicy {@code delete} or {@code compact}: the cleanup policy an existing topic must
     *                       include, or null for no check
     * @param why            what goes wrong with another policy, for the error message
     */
    public record Wanted(NewTopic topic, String requiredPolicy, String why) {

        /** A topic that must keep every record until retention ({@code cleanup.policy=delete}). */
        public static Wanted deleted(String name, int partitions, short replicationFactor, String why) {
            return new Wanted(new NewTopic(name, partitions, replicationFactor), TopicConfig.CLEANUP_POLICY_DELETE,
                    why);
        }

        /** A topic that keeps the latest record per key ({@code cleanup.policy=compact}). */
        public static Wanted compacted(String name, int partitions, short replicationFactor, String why) {
            return new Wanted(new NewTopic(name, partitions, replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                    TopicConfig.CLEANUP_POLICY_COMPACT, why);
        }

        /** A topic without a policy check. */
        public static Wanted any(String name, int partitions, short replicationFactor) {
            return new Wanted(new NewTopic(name, partitions, replicationFactor), null, null);
        }
    }

    private TopicBootstrap() {
    }

    /**
     * @param adminConfig   admin client properties, including {@code bootstrap.servers}
     * @param sizeKeys      the configuration keys that set partitions and replication, for error messages
     * @throws IllegalStateException naming what failed: Kafka unreachable, a topic not creatable, a wrong policy
     */
    public static void ensure(Properties adminConfig, List<Wanted> topics, Duration timeout, String sizeKeys) {
        String servers = String.valueOf(adminConfig.get("bootstrap.servers"));
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin admin = Admin.create(adminConfig);
        try {
            int brokers = await(admin.describeCluster().nodes(), timeout,
                    "Kafka at " + servers + " is not reachable").size();
            log.info("Kafka at {} reachable: {} broker(s)", servers, brokers);
            Map<String, KafkaFuture<Void>> created =
                    admin.createTopics(topics.stream().map(Wanted::topic).toList()).values();
            for (Wanted w : topics) {
                NewTopic t = w.topic();
                String what = "cannot create topic " + t.name() + " with " + t.numPartitions()
                        + " partitions and replication factor " + t.replicationFactor() + " (" + sizeKeys + ")";
                try {
                    await(created.get(t.name()), timeout, what);
                    log.info("created topic {} ({} partitions, replication factor {})", t.name(), t.numPartitions(),
                            t.replicationFactor());
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    log.debug("topic {} already exists", t.name());
                }
            }
            checkPolicies(admin, topics.stream().filter(w -> w.requiredPolicy() != null).toList(), timeout,
                    deadline);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof AuthenticationException auth) {
                // not retriable: the same credentials (or certificate) will be refused again
                throw new IllegalStateException("Kafka at " + servers + " refused the connection: authentication"
                        + " failed (" + auth.getMessage() + "); check kafka.security.protocol, kafka.sasl.mechanism,"
                        + " kafka.sasl.username, kafka.sasl.password and kafka.ssl.truststore.location", auth);
            }
            throw e;
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static void checkPolicies(Admin admin, List<Wanted> topics, Duration timeout, long deadline) {
        if (topics.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = new ArrayList<>();
        topics.forEach(w -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, w.topic().name())));
        Map<ConfigResource, Config> configs = describeConfigs(admin, resources, timeout, deadline);
        for (Wanted w : topics) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, w.topic().name()));
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String policy = entry == null ? TopicConfig.CLEANUP_POLICY_DELETE : entry.value();
            if (!policy.contains(w.requiredPolicy())) {
                throw new IllegalStateException("topic " + w.topic().name() + " exists with cleanup.policy=" + policy
                        + "; it needs cleanup.policy=" + w.requiredPolicy() + ": " + w.why() + ". Change it with"
                        + " kafka-configs.sh --alter --entity-type topics --entity-name " + w.topic().name()
                        + " --add-config cleanup.policy=" + w.requiredPolicy() + ", or delete the topic.");
            }
            if (!policy.equals(w.requiredPolicy())) {
                log.warn("topic {} has cleanup.policy={} (expected {}): {}", w.topic().name(), policy,
                        w.requiredPolicy(), w.why());
            }
        }
    }

    /** Retries while a topic created a moment ago is still unknown to the broker that answers. */
    private static Map<ConfigResource, Config> describeConfigs(Admin admin, List<ConfigResource> resources,
            Duration timeout, long deadline) {
        String what = "cannot read the configuration of topics "
                + resources.stream().map(ConfigResource::name).toList();
        while (true) {
            try {
                return await(admin.describeConfigs(resources).all(), timeout, what);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                log.debug("topic metadata not propagated yet; retrying describeConfigs");
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(what + ": interrupted", ie);
                }
            }
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(unreachable(what, timeout), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException(unreachable(what, timeout), cause);
            }
            throw new IllegalStateException(what + ": " + cause.getMessage(), cause);
        }
    }

    private static String unreachable(String what, Duration timeout) {
        return what + " (no answer within " + timeout.toSeconds() + " s; check kafka.bootstrap.servers and that"
                + " the brokers are up; startup.timeout sets the wait)";
    }
}
