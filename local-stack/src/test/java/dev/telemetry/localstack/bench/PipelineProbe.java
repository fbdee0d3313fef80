package dev.telemetry.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code telemetry.readings} and {@code telemetry.device-state} from their beginning, for the fleet's
 * devices: how many readings the gateways wrote (records and distinct readings, by identity device + seq) and
 * the end-to-end latency, measured like the simulator's benchmark ({@code KafkaProbe}): when a state record first
 * shows a device at a later {@code lastSeen}, the consumer's clock minus that event time, which the publisher
 * stamped when it published (same JVM, same clock). A state record may stand for several readings the processor
 * folded into one commit; the latency is that of the newest. Latencies are filed under the phase the reading was
 * published in; the MQTT-to-Kafka part is kept too. {@code read_committed}: what an exactly-once consumer sees.
 */
final class PipelineProbe implements AutoCloseable {

    static final int MAX_PHASES = 16;
    private static final long MAX_MILLIS = Duration.ofMinutes(30).toMillis();

    private final KafkaConsumer<String, byte[]> consumer;
    private final ScaleOutPhases phases;
    private final Thread thread;
    private final long[] lastSeen;
    private final Set<Long> distinct = new HashSet<>();
    private final List<Histogram> endToEnd = new ArrayList<>();
    private final List<Histogram> toKafka = new ArrayList<>();
    private final Histogram endToEndAll = new Histogram(MAX_MILLIS, 3);
    private long records;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private PipelineProbe(KafkaConsumer<String, byte[]> consumer, ScaleOutPhases phases, int devices) {
        this.consumer = consumer;
        this.phases = phases;
        this.lastSeen = new long[devices];
        for (int i = 0; i < MAX_PHASES; i++) {
            endToEnd.add(new Histogram(MAX_MILLIS, 3));
            toKafka.add(new Histogram(MAX_MILLIS, 3));
        }
        this.thread = new Thread(this::run, "scale-bench-probe");
        this.thread.setDaemon(true);
    }

    /** Subscribes to both topics (which must exist) from their beginning and starts polling. */
    static PipelineProbe start(String bootstrapServers, ScaleOutPhases phases, int devices) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> assignment = new ArrayList<>();
        for (String topic : List.of(Topics.READINGS, Topics.DEVICE_STATE)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers);
            }
            partitions.forEach(pi -> assignment.add(new TopicPartition(pi.topic(), pi.partition())));
        }
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        PipelineProbe probe = new PipelineProbe(consumer, phases, devices);
        probe.thread.start();
        return probe;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    int d = ScaleOutFleet.indexOf(r.key());
                    if (d < 0 || d >= lastSeen.length) {
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    JsonNode value = Json.mapper().readTree(r.value());
                    if (r.topic().equals(Topics.READINGS)) {
                        onReading(d, value, now);
                    } else {
                        onState(d, value, now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            failure = e;
            System.err.println("the pipeline probe failed; results are incomplete: " + e);
        }
    }

    private synchronized void onReading(int d, JsonNode reading, long now) {
        records++;
        distinct.add(ScaleOutFleet.identity(d, reading.path("seq").asLong()));
        long eventTime = reading.path("eventTime").asLong();
        toKafka.get(phases.at(eventTime)).recordValue(clamp(now - eventTime));
    }

    private synchronized void onState(int d, JsonNode state, long now) {
        long seen = state.path("lastSeen").asLong();
        if (seen > lastSeen[d]) {
            lastSeen[d] = seen;
            long millis = clamp(now - seen);
            endToEnd.get(phases.at(seen)).recordValue(millis);
            endToEndAll.recordValue(millis);
        }
    }

    private static long clamp(long millis) {
        return Math.min(Math.max(0, millis), MAX_MILLIS);
    }

    /** Records of the fleet in {@code telemetry.readings} so far (duplicates included). */
    synchronized long records() {
        return records;
    }

    /** Distinct readings of the fleet in {@code telemetry.readings} so far. */
    synchronized long distinct() {
        return distinct.size();
    }

    /** Publish-to-device-state latency (ms) of readings published in phase {@code i}. */
    synchronized Histogram endToEnd(int phase) {
        return endToEnd.get(phase).copy();
    }

    synchronized Histogram endToEndAll() {
        return endToEndAll.copy();
    }

    /** Publish-to-{@code telemetry.readings} latency (ms) of readings published in phase {@code i}. */
    synchronized Histogram toKafka(int phase) {
        return toKafka.get(phase).copy();
    }

    /** Throws when the probe stopped on an error: its counts would be short. */
    void requireHealthy() {
        if (failure != null) {
            throw new IllegalStateException("the pipeline probe failed: " + failure, failure);
        }
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
