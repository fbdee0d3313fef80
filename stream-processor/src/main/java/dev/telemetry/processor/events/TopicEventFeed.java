package dev.telemetry.processor.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a topic keyed by deviceId from its end (committed records only) and publishes every record's value
 * to the hub as an event of one type: the device-state topic as {@code state} events, the anomalies topic as
 * {@code anomaly} events. Every instance follows every partition, so a client connected to any instance sees
 * the whole fleet.
 */
public final class TopicEventFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicEventFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventHub hub;
    private final String topic;
    private final String type;
    private final Thread thread;
    private volatile boolean running = true;

    private TopicEventFeed(KafkaConsumer<String, byte[]> consumer, EventHub hub, String topic, String type) {
        this.consumer = consumer;
        this.hub = hub;
        this.topic = topic;
        this.type = type;
        this.thread = new Thread(this::run, type + "-event-feed");
        this.thread.setDaemon(true);
    }

    /**
     * Starts following {@code topic}, publishing its records as events of {@code type}; {@code clientConfig} are
     * consumer settings such as security.
     */
    public static TopicEventFeed start(Properties clientConfig, String topic, String type, EventHub hub) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> tps = partitions.stream().map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position);
        TopicEventFeed feed = new TopicEventFeed(consumer, hub, topic, type);
        feed.thread.start();
        log.info("live {} events: following {} ({} partitions)", type, topic, tps.size());
        return feed;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.value() != null) {
                        hub.publish(type, r.key(), new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("live {} events stopped: cannot read {}", type, topic, e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
