package dev.telemetry.localstack.bench;

import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The ceiling the processor is compared with: one plain {@link KafkaConsumer} (client defaults, no group,
 * partitions assigned) that reads the whole backlog from the beginning and deserializes every record into a
 * {@link Reading} with the project's serde, on one thread, doing nothing else.
 */
final class RawConsumeRate {

    /** One pass: records read, wall-clock seconds from the first poll to the last record, CPU of the thread. */
    record Pass(long records, double seconds, long cpuNanos) {
        double perSecond() {
            return records / seconds;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Duration STUCK = Duration.ofSeconds(60);
    /** Where the checksum of every pass goes, so that the JIT cannot drop the deserialized values. */
    private static volatile double sink;

    private RawConsumeRate() {
    }

    /** Reads {@code records} records of {@code topic} (all its partitions) and times it. */
    static Pass measure(String bootstrapServers, String topic, int partitions, long records) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw-consumer");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // what Kafka Streams uses with exactly-once
        List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(n -> new TopicPartition(topic, n)).toList();
        try (KafkaConsumer<String, Reading> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                TelemetrySerdes.reading().deserializer())) {
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long read = 0;
            double checksum = 0; // uses every value, so that nothing of the deserialization can be skipped
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long lastProgress = start;
            while (read < records) {
                ConsumerRecords<String, Reading> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, Reading> r : batch) {
                    checksum += r.value().eventTime() + r.key().length();
                    read++;
                }
                long now = System.nanoTime();
                if (!batch.isEmpty()) {
                    lastProgress = now;
                } else if (now - lastProgress > STUCK.toNanos()) {
                    throw new IllegalStateException("the plain consumer read " + read + " of " + records
                            + " records and then nothing for " + STUCK.toSeconds() + " s");
                }
            }
            long end = System.nanoTime();
            sink = checksum;
            return new Pass(read, (end - start) / 1e9, THREADS.getCurrentThreadCpuTime() - cpuStart);
        }
    }
}
