package dev.telemetry.localstack.guarantees;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.localstack.fixtures.LoadPublisher;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code telemetry.readings} from the beginning, incrementally, and counts the readings of one
 * {@link LoadPublisher}'s messages: which message numbers arrived, how often, and which records do not
 * match what was published (wrong device for the number, wrong value). Not thread-safe.
 */
final class ReadingsTally implements AutoCloseable {

    private static final long MAX_POLL_NANOS = 5_000_000_000L;

    private final LoadPublisher publisher;
    private final KafkaConsumer<String, String> consumer;
    private final Map<Long, Integer> counts = new HashMap<>();
    private final Map<String, Long> byGateway = new TreeMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private long records;

    ReadingsTally(String bootstrapServers, LoadPublisher publisher) {
        this.publisher = publisher;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(props);
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.READINGS, Duration.ofSeconds(60));
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new AssertionError("topic " + Topics.READINGS + " does not exist");
        }
        List<TopicPartition> assignment = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
    }

    /**
     * Reads what has arrived since the last call: until a poll returns nothing, or for at most 5 s (while
     * messages keep flowing, a poll is never empty).
     */
    ReadingsTally poll() {
        long end = System.nanoTime() + MAX_POLL_NANOS;
        ConsumerRecords<String, String> batch;
        do {
            batch = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> r : batch) {
                add(r);
            }
        } while (!batch.isEmpty() && System.nanoTime() - end < 0);
        return this;
    }

    private void add(ConsumerRecord<String, String> record) {
        JsonNode reading;
        try {
            reading = Json.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException("not a reading: " + record.value(), e);
        }
        String device = reading.path("deviceId").asText();
        if (!device.startsWith(publisher.devicePrefix())) {
            return; // not this publisher's
        }
        records++;
        long seq = reading.path("seq").asLong(-1);
        boolean ok = seq >= 0 && device.equals(publisher.deviceOf(seq)) && device.equals(record.key())
                && "v".equals(reading.path("metric").asText())
                && reading.path("value").asDouble(Double.NaN) == (double) seq;
        if (!ok) {
            mismatches.add(record.value());
            return;
        }
        counts.merge(seq, 1, Integer::sum);
        byGateway.merge(reading.path("source").path("gatewayId").asText(), 1L, Long::sum);
    }

    /** Message numbers in {@code published} with no reading in Kafka. */
    BitSet missing(BitSet published) {
        BitSet missing = (BitSet) published.clone();
        for (Long seq : counts.keySet()) {
            if (seq < Integer.MAX_VALUE) {
                missing.clear(seq.intValue());
            }
        }
        return missing;
    }

    /** Distinct messages with a reading in Kafka. */
    long distinct() {
        return counts.size();
    }

    /** Records of this publisher's devices read so far. */
    long records() {
        return records;
    }

    /** Records beyond the first per message: redeliveries. */
    long duplicates() {
        return counts.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Records that match no published message (a wrong device, value or metric for their number). */
    List<String> mismatches() {
        return mismatches;
    }

    /** Readings per {@code source.gatewayId}. */
    Map<String, Long> byGateway() {
        return byGateway;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
