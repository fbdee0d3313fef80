package dev.telemetry.gateway.replay;

import dev.telemetry.gateway.publish.DeadLetters;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Topics;
import dev.telemetry.net.NoDelaySocketFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes dead-lettered payloads again, to their original MQTT topics, so that a gateway whose
 * configuration or decoder was fixed decodes them like any other message. Reads {@code telemetry.dlq}
 * from a start time (or the beginning) up to its end as of the start of the run, optionally only
 * some reasons, and publishes each raw payload at QoS 1 with the user property
 * {@code dlq-replay=<partition>/<offset>}. Truncated payloads cannot be replayed and are skipped.
 * Whatever still cannot be decoded goes to the dead-letter topic again, with its reason.
 */
public final class DlqReplay {

    private static final Logger log = LoggerFactory.getLogger(DlqReplay.class);
    private static final int WINDOW = 100;

    /**
     * @param codes only these {@code error.code}s; empty for all
     * @param since only records written at or after this; null for all
     * @param limit at most this many messages; 0 for no limit
     * @param kafkaSecurity how to reach Kafka (SASL, TLS)
     */
    public record Options(String kafkaBootstrapServers, String mqttUrl, Set<String> codes, Instant since, long limit,
            boolean dryRun, KafkaSecurity kafkaSecurity) {

        /** Over a plain connection to Kafka. */
        public Options(String kafkaBootstrapServers, String mqttUrl, Set<String> codes, Instant since, long limit,
                boolean dryRun) {
            this(kafkaBootstrapServers, mqttUrl, codes, since, limit, dryRun, KafkaSecurity.NONE);
        }
    }

    /** What a run did, by reason code. */
    public record Result(Map<String, Long> replayed, Map<String, Long> skippedTruncated, long filteredOut) {
        public long replayedTotal() {
            return replayed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private DlqReplay() {
    }

    public static Result run(Options o) throws MqttException {
        Map<String, Long> replayed = new TreeMap<>();
        Map<String, Long> truncated = new TreeMap<>();
        long filtered = 0;
        MqttAsyncClient mqtt = o.dryRun() ? null : connect(o.mqttUrl());
        List<IMqttToken> window = new ArrayList<>(WINDOW);
        try (KafkaConsumer<String, byte[]> consumer = consumer(o.kafkaBootstrapServers(), o.kafkaSecurity())) {
            Map<TopicPartition, Long> end = assign(consumer, o.since());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // written after the run started
                    }
                    String code = header(r, DlqHeaders.ERROR_CODE, "UNKNOWN");
                    String topic = header(r, DlqHeaders.MQTT_TOPIC, null);
                    if (!o.codes().isEmpty() && !o.codes().contains(code) || topic == null) {
                        filtered++;
                        continue;
                    }
                    if ("true".equals(header(r, DeadLetters.PAYLOAD_TRUNCATED, "false"))) {
                        truncated.merge(code, 1L, Long::sum);
                        continue;
                    }
                    if (o.limit() > 0 && replayedTotal(replayed) >= o.limit()) {
                        return new Result(replayed, truncated, filtered);
                    }
                    if (mqtt != null) {
                        window.add(publish(mqtt, topic, r));
                        if (window.size() == WINDOW) {
                            awaitAll(window);
                        }
                    }
                    replayed.merge(code, 1L, Long::sum);
                }
            }
            awaitAll(window);
            return new Result(replayed, truncated, filtered);
        } finally {
            if (mqtt != null) {
                awaitAll(window);
                mqtt.disconnect().waitForCompletion(10_000);
                mqtt.close();
            }
        }
    }

    private static long replayedTotal(Map<String, Long> replayed) {
        return replayed.values().stream().mapToLong(Long::longValue).sum();
    }

    private static IMqttToken publish(MqttAsyncClient mqtt, String topic, ConsumerRecord<String, byte[]> r)
            throws MqttException {
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty("dlq-replay", r.partition() + "/" + r.offset())));
        return mqtt.publish(topic, new MqttMessage(r.value(), 1, false, props));
    }

    private static void awaitAll(List<IMqttToken> window) throws MqttException {
        for (IMqttToken t : window) {
            t.waitForCompletion(30_000);
        }
        window.clear();
    }

    private static MqttAsyncClient connect(String url) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, "dlq-replay-" + Long.toHexString(System.nanoTime()),
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (url.startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static KafkaConsumer<String, byte[]> consumer(String servers, KafkaSecurity security) {
        Properties p = new Properties();
        p.putAll(security.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p);
    }

    /** Assigns every partition at the start position; returns each partition's end as of now. */
    private static Map<TopicPartition, Long> assign(KafkaConsumer<String, byte[]> consumer, Instant since) {
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.DLQ, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.DLQ + " does not exist");
        }
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(tps);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(tps, Duration.ofSeconds(30)));
        if (since == null) {
            consumer.seekToBeginning(tps);
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp at = found.get(tp);
                consumer.seek(tp, at == null ? end.get(tp) : at.offset());
            }
        }
        log.info("replaying {} from {}", Topics.DLQ, since == null ? "the beginning" : since);
        return end;
    }

    private static String header(ConsumerRecord<?, ?> r, String name, String fallback) {
        Header h = r.headers().lastHeader(name);
        return h == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
    }
}
