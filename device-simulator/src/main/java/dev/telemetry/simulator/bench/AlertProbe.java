package dev.telemetry.simulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code telemetry.anomalies} from its end as of the start and notes, per device, when the first
 * RAISED of one rule arrived (the probe's clock, epoch ms). Read committed, like an alerting system.
 */
final class AlertProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertProbe.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String ruleId;
    private final Map<String, Long> raisedAt = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private AlertProbe(KafkaConsumer<String, byte[]> consumer, String ruleId) {
        this.consumer = consumer;
        this.ruleId = ruleId;
        this.thread = new Thread(this::run, "bench-alert-probe");
        this.thread.setDaemon(true);
    }

    static AlertProbe start(String bootstrapServers, String topic, String ruleId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers
                    + "; is the pipeline running?");
        }
        List<TopicPartition> assignment = new ArrayList<>();
        partitions.forEach(pi -> assignment.add(new TopicPartition(pi.topic(), pi.partition())));
        consumer.assign(assignment);
        consumer.seekToEnd(assignment);
        assignment.forEach(consumer::position);
        AlertProbe probe = new AlertProbe(consumer, ruleId);
        probe.thread.start();
        return probe;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    JsonNode a = Json.mapper().readTree(r.value());
                    if ("RAISED".equals(a.path("state").asText()) && ruleId.equals(a.path("ruleId").asText())) {
                        raisedAt.putIfAbsent(a.path("deviceId").asText(), now);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException | IOException e) {
            failure = e;
            LOG.error("the alert probe failed; alert results are incomplete", e);
        }
    }

    /** When the first RAISED of the rule for {@code deviceId} arrived, epoch ms, or null. */
    Long raisedAt(String deviceId) {
        return raisedAt.get(deviceId);
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
