package dev.telemetry.gateway.app;

import static dev.telemetry.gateway.app.ConfigChecks.require;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.kafka.KafkaSecurity;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where readings go: the {@code kafka.*} and {@code topics.*} keys (see {@link GatewayConfig} for the table).
 *
 * @param bootstrapServers  {@code kafka.bootstrap.servers}
 * @param passThrough       every other {@code kafka.*} setting without its prefix, security settings excepted
 * @param security          the typed {@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*}
 * @param topicPartitions   partitions of topics the gateway creates
 * @param topicReplicationFactor replication factor of topics the gateway creates
 */
public record KafkaConfig(
        String bootstrapServers,
        Map<String, String> passThrough,
        KafkaSecurity security,
        int topicPartitions,
        short topicReplicationFactor) {

    public KafkaConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "kafka.bootstrap.servers",
                "must not be empty");
        passThrough = Map.copyOf(passThrough == null ? Map.of() : passThrough);
        for (String key : passThrough.keySet()) {
            require(!KafkaSecurity.KEYS.contains(key), "kafka." + key, "is a typed key: it belongs in kafkaSecurity");
        }
        Objects.requireNonNull(security, "security");
        requireKafka(passThrough, "acks", Set.of("all", "-1"),
                "the gateway acknowledges MQTT messages only after all in-sync replicas have the records");
        requireKafka(passThrough, "enable.idempotence", Set.of("true"),
                "retries must not duplicate or reorder records");
        require(topicPartitions >= 1, "topics.partitions", "must be at least 1, got " + topicPartitions);
        require(topicReplicationFactor >= 1, "topics.replication-factor", "must be at least 1");
    }

    static KafkaConfig from(ConfigSource c) {
        Map<String, String> kafka = KafkaSecurity.withoutOwnKeys(c.withPrefix("kafka."));
        kafka.remove("bootstrap.servers");
        return new KafkaConfig(
                c.string("kafka.bootstrap.servers", "localhost:9092"),
                kafka,
                KafkaSecurity.from(c),
                c.integer("topics.partitions", 6, 1, 10_000),
                (short) c.integer("topics.replication-factor", 1, 1, Short.MAX_VALUE));
    }

    /**
     * What the Kafka clients get: the pass-through with the security settings on top. Holds secrets (Kafka
     * itself logs them as {@code [hidden]}); never log it.
     */
    Map<String, String> client() {
        return security.merge(passThrough);
    }

    void describe(Map<String, String> shown) {
        shown.put("kafka.bootstrap.servers", bootstrapServers);
        passThrough.forEach((k, v) -> shown.put("kafka." + k, v));
        shown.putAll(security.summary());
        shown.put("topics.partitions", Integer.toString(topicPartitions));
        shown.put("topics.replication-factor", Short.toString(topicReplicationFactor));
    }

    /** Masked like {@link GatewayConfig#summary()}: a record's default toString would print secrets. */
    @Override
    public String toString() {
        Map<String, String> shown = new java.util.TreeMap<>();
        describe(shown);
        java.util.StringJoiner out = new java.util.StringJoiner(", ", "KafkaConfig[", "]");
        shown.forEach((k, v) -> out.add(k + "=" + ConfigSource.mask(k, v)));
        return out.toString();
    }

    private static void requireKafka(Map<String, String> kafka, String key, Set<String> allowed, String why) {
        String v = kafka.get(key);
        require(v == null || allowed.contains(v.strip().toLowerCase(Locale.ROOT)), "kafka." + key,
                "must be " + String.join(" or ", allowed) + " if set, got '" + v + "': " + why);
    }
}
