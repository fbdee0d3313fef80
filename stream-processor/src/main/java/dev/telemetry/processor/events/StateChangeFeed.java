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
 * Follows the compacted device-state topic from its end (committed records only) and publishes every
 * state change to the hub as a {@code state} event. Every instance follows every partition, so a client
 * connected to any instance sees the whole fleet.
 */
public final class StateChangeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateChangeFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventHub hub;
    private final Thread thread;
    private volatile boolean running = true;

    private StateChangeFeed(KafkaConsumer<String, byte[]> consumer, EventHub hub) {
        this.consumer = consumer;
        this.hub = hub;
        this.thread = new Thread(this::run, "state-change-feed");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topic}; {@code clientConfig} are consumer settings such as security. */
    public static StateChangeFeed start(Properties clientConfig, String topic, EventHub hub) {
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
        StateChangeFeed feed = new StateChangeFeed(consumer, hub);
        feed.thread.start();
        log.info("live events: following {} ({} partitions)", topic, tps.size());
        return feed;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.value() != null) {
                        hub.publish("state", r.key(), new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("live events stopped: cannot read the device-state topic", e);
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
