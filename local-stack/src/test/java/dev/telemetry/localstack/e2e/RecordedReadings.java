package dev.telemetry.localstack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The oracle of the simulator ITs: how often each {@code device|metric|value|eventTime} was recorded
 * by {@code --record}, compared with what reached {@code telemetry.readings}. At least as often in
 * Kafka: duplicates (a QoS 1 message resent after a connection loss) are allowed, loss is not.
 */
final class RecordedReadings {

    private RecordedReadings() {
    }

    /** From a recording's {@code "readings"} arrays; event lines have none. */
    static Map<String, Integer> expected(Path recording) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (String line : Files.readAllLines(recording)) {
            JsonNode node = Json.mapper().readTree(line);
            for (JsonNode r : node.path("readings")) {
                out.merge(key(r.get("deviceId").asText(), r.get("metric").asText(), r.get("value").asDouble(),
                        r.get("ts").asLong()), 1, Integer::sum);
            }
        }
        return out;
    }

    static String key(String deviceId, String metric, Object value, long eventTime) {
        return deviceId + "|" + metric + "|" + value + "|" + eventTime;
    }

    /** Every reading in {@code telemetry.readings} whose device id starts with {@code devicePrefix}. */
    static Map<String, Integer> inKafka(KafkaFixture kafka, String devicePrefix) {
        Map<String, Integer> out = new HashMap<>();
        for (var record : KafkaFixture.readAll(kafka.bootstrapServers(), Topics.READINGS, Duration.ofSeconds(10))) {
            Reading r;
            try {
                r = Json.mapper().readValue(record.value(), Reading.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (r.deviceId().startsWith(devicePrefix)) {
                out.merge(key(r.deviceId(), r.metric(), r.value().raw(), r.eventTime()), 1, Integer::sum);
            }
        }
        return out;
    }

    /** The expected readings Kafka has fewer copies of than expected, with how many are missing. */
    static Set<String> missing(Map<String, Integer> expected, Map<String, Integer> inKafka) {
        Set<String> missing = new TreeSet<>();
        expected.forEach((k, n) -> {
            int have = inKafka.getOrDefault(k, 0);
            if (have < n) {
                missing.add(k + " x" + (n - have));
            }
        });
        return missing;
    }
}
