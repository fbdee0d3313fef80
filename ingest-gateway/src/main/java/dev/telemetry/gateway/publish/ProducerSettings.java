package dev.telemetry.gateway.publish;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka client settings: the gateway's defaults, then the raw {@code kafka.*} pass-through, then
 * the settings the delivery guarantee depends on, which cannot be overridden.
 */
public final class ProducerSettings {

    /** Defaults tuned for many small records and a bounded wait on failure; all overridable. */
    static final Map<String, String> DEFAULTS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "65536",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            // a Kafka outage shows up as failed futures (and MQTT redelivery) after 30 s, not 2 min
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
            // bounds how long send() may block the publishing thread on missing metadata or a full buffer
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");

    private ProducerSettings() {
    }

    /**
     * The producer configuration.
     *
     * @param passThrough the {@code kafka.*} keys without the prefix; keys unknown to the producer are left out
     */
    public static Properties producer(String bootstrapServers, Map<String, String> passThrough, String clientId) {
        Properties props = new Properties();
        props.putAll(DEFAULTS);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        Set<String> known = ProducerConfig.configNames();
        passThrough.forEach((k, v) -> {
            if (known.contains(k)) {
                props.put(k, v);
            }
        });
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // the gateway acknowledges MQTT only after every in-sync replica has the records
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** The admin client configuration: the pass-through keys the admin client knows, and a bounded timeout. */
    public static Properties admin(String bootstrapServers, Map<String, String> passThrough, String clientId,
            int timeoutMs) {
        Properties props = new Properties();
        Set<String> known = AdminClientConfig.configNames();
        passThrough.forEach((k, v) -> {
            if (known.contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        return props;
    }

    /** Pass-through keys that neither the producer nor the admin client knows (likely typos), sorted. */
    public static Set<String> unknownKeys(Map<String, String> passThrough) {
        Set<String> unknown = new TreeSet<>();
        for (String k : new TreeMap<>(passThrough).keySet()) {
            if (!ProducerConfig.configNames().contains(k) && !AdminClientConfig.configNames().contains(k)) {
                unknown.add(k);
            }
        }
        return unknown;
    }
}
