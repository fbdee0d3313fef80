package dev.telemetry.simulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
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
 * Watches the pipeline's Kafka side for the benchmark's devices, from the end of both topics as of
 * the start: readings the gateway wrote (rate, duplicates) and device-state changes the processor
 * emitted. End-to-end latency is measured when a state record first shows a published reading's metric at the
 * reading's event time or later ({@link StateCoverage}: the processor publishes each changed device once per
 * commit, so a reading can be covered by a newer one): the consumer's clock minus the reading's event time,
 * which the simulator stamps when it publishes (same machine, same clock).
 */
final class KafkaProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String readingsTopic;
    private final String devicePrefix;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long measureFromMillis = Long.MAX_VALUE;

    private final AtomicLong gatewayReadings = new AtomicLong();
    private final AtomicLong processorReadings = new AtomicLong();
    private final LongHashSet uniqueReadings = new LongHashSet();
    private final StateCoverage coverage = new StateCoverage(this::reflected);
    private final Set<String> devicesInState = new HashSet<>();
    private final Histogram latency = new Histogram(3_600_000L, 3);
    private final Histogram gatewayLatency = new Histogram(3_600_000L, 3);
    // since the last takeInterval(): what the timeline shows per second
    private Histogram gatewayInterval = new Histogram(3_600_000L, 2);
    private Histogram stateInterval = new Histogram(3_600_000L, 2);
    private volatile int expectedDevices = Integer.MAX_VALUE;
    private volatile long allDevicesVisibleAt = -1;
    private volatile Throwable failure;

    private KafkaProbe(KafkaConsumer<String, byte[]> consumer, String readingsTopic, String devicePrefix) {
        this.consumer = consumer;
        this.readingsTopic = readingsTopic;
        this.devicePrefix = devicePrefix;
        this.thread = new Thread(this::run, "bench-kafka-probe");
        this.thread.setDaemon(true);
    }

    static KafkaProbe start(String bootstrapServers, KafkaSecurity security, String readingsTopic, String stateTopic,
            String devicePrefix) {
        Properties p = new Properties();
        p.putAll(security.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // what an exactly-once consumer of the state would see
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // answer as soon as anything arrives, so the probe adds as little latency as it can
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> assignment = new ArrayList<>();
        for (String topic : List.of(readingsTopic, stateTopic)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers
                        + "; is the pipeline running?");
            }
            partitions.forEach(pi -> assignment.add(new TopicPartition(pi.topic(), pi.partition())));
        }
        consumer.assign(assignment);
        consumer.seekToEnd(assignment);
        assignment.forEach(consumer::position); // resolve the end offsets now, before anything is published
        KafkaProbe probe = new KafkaProbe(consumer, readingsTopic, devicePrefix);
        probe.thread.start();
        return probe;
    }

    /** Latency is recorded only for readings with an event time at or after this (the end of the warm-up). */
    void measureFrom(long epochMillis) {
        measureFromMillis = epochMillis;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key() == null || !r.key().startsWith(devicePrefix)) {
                        continue;
                    }
                    if (r.topic().equals(readingsTopic)) {
                        onReading(r.value(), System.currentTimeMillis());
                    } else {
                        onState(r.key(), r.value(), System.currentTimeMillis());
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException | IOException e) {
            failure = e;
            LOG.error("the Kafka probe failed; results are incomplete", e);
        }
    }

    private void onReading(byte[] value, long now) throws IOException {
        JsonNode r = Json.mapper().readTree(value);
        long eventTime = r.path("eventTime").asLong();
        String device = r.path("deviceId").asText();
        String metric = r.path("metric").asText();
        String id = device + '|' + metric + '|' + r.path("seq").asText() + '|' + eventTime;
        long millis = Math.min(Math.max(0, now - eventTime), gatewayLatency.getHighestTrackableValue());
        boolean first;
        synchronized (this) {
            first = uniqueReadings.add(LongHashSet.hash(id));
            gatewayInterval.recordValue(millis);
            if (eventTime >= measureFromMillis) {
                gatewayLatency.recordValue(millis);
            }
        }
        gatewayReadings.incrementAndGet();
        if (first) {
            coverage.reading(device, metric, eventTime, now);
        }
    }

    private void onState(String device, byte[] value, long now) throws IOException {
        JsonNode metrics = Json.mapper().readTree(value).path("metrics");
        synchronized (this) {
            if (devicesInState.add(device) && devicesInState.size() >= expectedDevices && allDevicesVisibleAt < 0) {
                allDevicesVisibleAt = now;
            }
        }
        for (Map.Entry<String, JsonNode> m : (Iterable<Map.Entry<String, JsonNode>>) metrics::fields) {
            coverage.state(device, m.getKey(), m.getValue().path("eventTime").asLong(), now);
        }
    }

    /** A published reading is in the device state since {@code seenAt}. */
    private void reflected(long eventTime, long seenAt) {
        long millis = Math.min(Math.max(0, seenAt - eventTime), latency.getHighestTrackableValue());
        synchronized (this) {
            stateInterval.recordValue(millis);
            if (eventTime >= measureFromMillis) {
                latency.recordValue(millis);
            }
        }
        processorReadings.incrementAndGet();
    }

    long gatewayReadings() {
        return gatewayReadings.get();
    }

    long processorReadings() {
        return processorReadings.get();
    }

    synchronized long uniqueGatewayReadings() {
        return uniqueReadings.size();
    }

    synchronized Histogram latency() {
        return latency.copy();
    }

    /** Latency from publish to the record in {@code telemetry.readings} (the gateway's part), after the warm-up. */
    synchronized Histogram gatewayLatency() {
        return gatewayLatency.copy();
    }

    /**
     * The p99 latency (ms) to {@code telemetry.readings} and to the device state of what arrived since the
     * previous call, NaN where nothing did: {@code [gateway, state]}.
     */
    synchronized double[] takeInterval() {
        double[] p99 = {p99(gatewayInterval), p99(stateInterval)};
        gatewayInterval.reset();
        stateInterval.reset();
        return p99;
    }

    private static double p99(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99);
    }

    /** Watch for the moment {@code devices} distinct devices of the benchmark have appeared in the device state. */
    void expectDevices(int devices) {
        expectedDevices = devices;
    }

    /** Distinct devices of the benchmark seen in the device state so far . */
    synchronized int devicesInState() {
        return devicesInState.size();
    }

    /** Wall-clock epoch ms when every expected device had appeared in the device state, or -1. */
    long allDevicesVisibleAt() {
        return allDevicesVisibleAt;
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
