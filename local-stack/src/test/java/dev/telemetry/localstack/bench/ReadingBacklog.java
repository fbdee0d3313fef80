package dev.telemetry.localstack.bench;

import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.model.TimeSource;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's input, produced into the readings topic before anything is timed, so that the plain consumer
 * and the processor read the same backlog. It has the shape the gateway writes: every interval each device
 * sends one message of {@code metrics} readings (consecutive records, one seq, one event time), devices report
 * at different phases within the interval, event times increase per device and end about now, and a fraction
 * of readings arrive twice in a row (an MQTT QoS 1 redelivery). Values drift smoothly with a little noise, so
 * outlier detection sees ordinary data.
 */
final class ReadingBacklog {

    /** What was produced: {@code records = readings + duplicates}. */
    record Produced(long readings, long duplicates, int[] duplicatesByDevice, double seconds) {
        long records() {
            return readings + duplicates;
        }
    }

    private static final double[] BASE_VALUES = {21, 45, 101_325, 80, 420, 3.3, 0.5, 12, 300, 40};

    private ReadingBacklog() {
    }

    /** The device id of device number {@code d}. */
    static String device(int d) {
        return String.format(Locale.ROOT, "bench-dev-%06d", d);
    }

    /** Creates {@code topic} with the benchmark's partitions (the broker does not auto-create topics). */
    static void createTopic(Properties admin, String topic, int partitions, short replicationFactor) throws Exception {
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all().get();
        }
    }

    /** Generates and produces every record ({@code acks=all}, idempotent), and returns once all are written. */
    static Produced produce(String bootstrapServers, String topic, ProcessorBenchOptions o) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-backlog");
        long intervalMs = o.interval().toMillis();
        long perRound = (long) o.devices() * o.metrics();
        long rounds = (o.readings() + perRound - 1) / perRound;
        long base = System.currentTimeMillis() - (rounds + 1) * intervalMs;
        Source source = new Source("bench/readings", "json", "bench-backlog");
        Random random = new Random(20_260_101L);
        int[] duplicatesByDevice = new int[o.devices()];
        long duplicates = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(p, new StringSerializer(),
                TelemetrySerdes.reading().serializer())) {
            long i = 0;
            for (long round = 0; i < o.readings(); round++) {
                for (int d = 0; d < o.devices() && i < o.readings(); d++) {
                    String device = device(d);
                    long eventTime = base + round * intervalMs + (d * 7919L) % intervalMs;
                    for (int m = 0; m < o.metrics() && i < o.readings(); m++, i++) {
                        double value = BASE_VALUES[m] * (1 + 0.02 * Math.sin(round / 7.0 + d))
                                + random.nextGaussian() * 0.01 * BASE_VALUES[m];
                        Reading r = new Reading(device, ProcessorBenchOptions.METRICS[m][0],
                                ReadingValue.of(Math.round(value * 100) / 100.0), ProcessorBenchOptions.METRICS[m][1],
                                eventTime, TimeSource.DEVICE, round + 1, eventTime + 20 + d % 50, source);
                        ProducerRecord<String, Reading> record = new ProducerRecord<>(topic, device, r);
                        producer.send(record, (meta, e) -> failure.compareAndSet(null, e));
                        if (random.nextDouble() < o.duplicates()) {
                            producer.send(record, (meta, e) -> failure.compareAndSet(null, e));
                            duplicatesByDevice[d]++;
                            duplicates++;
                        }
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the backlog failed: " + failure.get(), failure.get());
        }
        return new Produced(o.readings(), duplicates, duplicatesByDevice, (System.nanoTime() - start) / 1e9);
    }
}
