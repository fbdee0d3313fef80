package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.model.TimeSource;
import dev.telemetry.model.Topics;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the processor publishes device states on a real Kafka with exactly-once: the newest state of each changed
 * device once per commit (the store's cache flush), not one record per reading. TopologyTestDriver commits after
 * every input record, so only a running Kafka Streams shows the difference.
 */
@Timeout(180)
class StatePublishingIT {

    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Serializer<Reading> READINGS = TelemetrySerdes.reading().serializer();

    private KafkaFixture kafka;
    private StreamProcessor processor;

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldPublishOneStatePerDevicePerCommitWithEveryReadingOfItCounted(@TempDir Path stateDir) {
        kafka = KafkaFixture.start();
        processor = StreamProcessor.start(ProcessorConfig.from(ConfigSource.of(Map.of(
                "application.id", KafkaFixture.uniqueName("state-publishing-it"),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "http.host", "127.0.0.1",
                "http.port", "0",
                "state.dir", stateDir.toString(),
                "topics.partitions", "1",
                "topics.replication-factor", "1",
                "commit.interval", COMMIT_INTERVAL.toMillis() + "ms",
                "device.offline-after", "20s",
                "api.auth.mode", "off"))));
        await().atMost(Duration.ofSeconds(60)).until(processor::isReady);

        // one message of three readings, sent as one batch: one poll, one commit
        long now = System.currentTimeMillis();
        produceTogether(
                reading("dev-1", "temperature", 21.5, now - 3_000, 1, now),
                reading("dev-1", "humidity", 40, now - 3_000, 1, now),
                reading("dev-1", "pressure", 1_013, now - 3_000, 1, now));
        List<JsonNode> first = statesAfterQuiet(1);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).at("/counters/accepted").asLong()).isEqualTo(3);
        assertThat(first.get(0).path("metrics").size()).isEqualTo(3);
        assertThat(first.get(0).path("status").asText()).isEqualTo("ONLINE");

        // a redelivered copy and a newer reading, produced together: again one state, counting both
        long later = System.currentTimeMillis();
        produceTogether(
                reading("dev-1", "temperature", 21.5, now - 3_000, 1, now),
                reading("dev-1", "temperature", 22.0, now - 2_000, 2, later));
        List<JsonNode> second = statesAfterQuiet(2);
        assertThat(second).hasSize(2);
        JsonNode latest = second.get(1);
        assertThat(latest.at("/counters/accepted").asLong()).isEqualTo(4);
        assertThat(latest.at("/counters/duplicates").asLong()).isEqualTo(1);
        assertThat(latest.at("/metrics/temperature/value").asDouble()).isEqualTo(22.0);

        // silence: the wall-clock check writes OFFLINE into the store, and the next commit publishes it
        List<JsonNode> third = statesAfterQuiet(3);
        assertThat(third).hasSize(3);
        assertThat(third.get(2).path("status").asText()).isEqualTo("OFFLINE");
        assertThat(third.get(2).at("/counters/accepted").asLong()).isEqualTo(4);
    }

    /**
     * The device-state topic once it holds {@code expected} records and then stays unchanged for a few commit
     * intervals, so that a record too many would be seen.
     */
    private List<JsonNode> statesAfterQuiet(int expected) {
        await().atMost(Duration.ofSeconds(90)).until(() -> states().size() >= expected);
        // five more commits: anything the processor still had to publish for these inputs is committed by then
        await().pollDelay(COMMIT_INTERVAL.multipliedBy(5)).until(() -> true);
        return states();
    }

    /** Sends the records in one batch (they wait for each other in the producer), then waits for the acks. */
    @SafeVarargs
    private void produceTogether(Map.Entry<String, String>... records) {
        Properties props = kafka.producerProps();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "200");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (Map.Entry<String, String> r : records) {
                producer.send(new ProducerRecord<>(Topics.READINGS, r.getKey(), r.getValue()));
            }
            producer.flush();
        }
    }

    private List<JsonNode> states() {
        return KafkaFixture.readAll(kafka.bootstrapServers(), Topics.DEVICE_STATE, Duration.ofSeconds(30)).stream()
                .map(ConsumerRecord::value).map(StatePublishingIT::json).toList();
    }

    private static JsonNode json(String value) {
        try {
            return Json.mapper().readTree(value);
        } catch (Exception e) {
            throw new AssertionError("not JSON on the device-state topic: " + value, e);
        }
    }

    private static Map.Entry<String, String> reading(String device, String metric, double value, long eventTime,
            long seq, long receivedAt) {
        Reading r = new Reading(device, metric, ReadingValue.of(value), null, eventTime, TimeSource.DEVICE, seq,
                receivedAt, new Source("sensors/" + device, "json", "it"));
        return Map.entry(device, new String(READINGS.serialize(Topics.READINGS, r), StandardCharsets.UTF_8));
    }
}
