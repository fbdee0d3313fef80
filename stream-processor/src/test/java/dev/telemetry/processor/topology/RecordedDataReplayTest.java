package dev.telemetry.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import dev.telemetry.model.WindowAggregate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Real recorded data (garystafford/mqtt-json raw_data_large.json, MIT licence: 9,995 messages of 3 devices over
 * a day) replayed through the topology in shuffled order with 10% duplicates: the final state and the final
 * 1-minute aggregates must equal what the clean, time-sorted file gives. This is the topology half of the
 * issue's replay test (the MQTT and gateway half belongs to the end-to-end test). The file is a test resource
 * (see its SOURCE.md).
 */
class RecordedDataReplayTest {

    private static final Path DATA = Path.of("src", "test", "resources", "garystafford-mqtt-json",
            "raw_data_large.json");
    private static final long MIN = 60_000;
    private static final long GRACE = 5 * MIN;
    private static final Source SOURCE = new Source("iot/replay", "json", "replay");

    @Test
    void shouldReachTheCleanFilesStateAndAggregatesFromShuffledInputWithDuplicates() throws Exception {
        List<Reading> clean = readings(Json.mapper().readTree(DATA.toFile()));
        assertThat(clean).hasSize(9_995 * 3);

        // each copy is delivered up to 2 minutes after it was measured (less than the 5 minute grace), 10% twice
        Random random = new Random(4);
        record Slot(long deliveredAt, Reading reading) {
        }
        List<Slot> slots = new ArrayList<>();
        int duplicates = 0;
        for (Reading r : clean) {
            slots.add(new Slot(r.eventTime() + random.nextInt(120_000), r));
            if (random.nextInt(10) == 0) {
                slots.add(new Slot(r.eventTime() + random.nextInt(120_000), r));
                duplicates++;
            }
        }
        slots.sort(Comparator.comparingLong(Slot::deliveredAt));

        try (TopologyFixture f = new TopologyFixture("replay-" + System.nanoTime(), TopologyConfig.defaults()
                .withTopics(TopologyFixture.READINGS, TopologyFixture.STATES, TopologyFixture.ORDERED,
                        TopologyFixture.AGGREGATES), 0)) {
            for (Slot s : slots) {
                f.pipe(s.reading());
            }

            Map<String, Map<String, Reading>> newest = new TreeMap<>();
            for (Reading r : clean) { // sorted by time, one message per device and ms: the last one is the newest
                newest.computeIfAbsent(r.deviceId(), d -> new TreeMap<>()).put(r.metric(), r);
            }
            long totalDuplicates = 0;
            for (Map.Entry<String, Map<String, Reading>> device : newest.entrySet()) {
                DeviceState s = f.state(device.getKey());
                device.getValue().forEach((metric, r) -> {
                    assertThat(s.metrics().get(metric).value()).as(device.getKey() + "/" + metric).isEqualTo(r.value());
                    assertThat(s.metrics().get(metric).eventTime()).isEqualTo(r.eventTime());
                });
                assertThat(s.counters().tooLateForWindow()).isZero();
                assertThat(s.counters().accepted()).isEqualTo(clean.stream()
                        .filter(r -> r.deviceId().equals(device.getKey())).count());
                totalDuplicates += s.counters().duplicates();
            }
            assertThat(totalDuplicates).isEqualTo(duplicates);

            long streamTime = clean.get(clean.size() - 1).eventTime();
            Map<String, List<Double>> expected = new TreeMap<>();
            for (Reading r : clean) {
                long start = r.eventTime() - r.eventTime() % MIN;
                if (r.value() instanceof ReadingValue.Num n && start + MIN + GRACE <= streamTime) {
                    expected.computeIfAbsent(r.deviceId() + "|" + r.metric() + "|" + start, k -> new ArrayList<>())
                            .add(n.value());
                }
            }
            Map<String, WindowAggregate> emitted = new HashMap<>();
            for (WindowAggregate w : f.aggregates.readValuesToList()) {
                assertThat(emitted.put(w.deviceId() + "|" + w.metric() + "|" + w.windowStart(), w)).isNull();
            }
            assertThat(emitted.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((key, values) -> {
                WindowAggregate w = emitted.get(key);
                double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / values.size();
                assertThat(w.count()).as(key).isEqualTo(values.size());
                assertThat(w.first()).as(key).isEqualTo(values.get(0));
                assertThat(w.last()).as(key).isEqualTo(values.get(values.size() - 1));
                assertThat(w.min()).as(key).isEqualTo(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
                assertThat(w.max()).as(key).isEqualTo(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                assertThat(w.mean()).as(key).isCloseTo(mean, within(1e-9));
                assertThat(w.stdDev()).as(key).isCloseTo(Math.sqrt(variance), within(1e-9));
            });
            assertThat(emitted.size()).as("windows compared (the data has gaps)").isGreaterThan(1_000);
            long outOfOrder = newest.keySet().stream().mapToLong(d -> f.state(d).counters().outOfOrder()).sum();
            assertThat(outOfOrder).as("the shuffle really reordered").isGreaterThan(1_000);
        }
    }

    /** temp and humidity (numbers) and motion (a boolean) of every message, time in ms, no seq in this data. */
    private static List<Reading> readings(JsonNode messages) {
        List<Reading> out = new ArrayList<>();
        for (JsonNode m : messages) {
            String device = m.get("device_id").asText();
            long time = Math.round(m.get("ts").asDouble() * 1000);
            JsonNode data = m.get("data");
            out.add(reading(device, "temp", ReadingValue.of(data.get("temp").asDouble()), "Cel", time));
            out.add(reading(device, "humidity", ReadingValue.of(data.get("humidity").asDouble()), "%RH", time));
            out.add(reading(device, "motion", ReadingValue.of(data.get("motion").asBoolean()), null, time));
        }
        return out;
    }

    private static Reading reading(String device, String metric, ReadingValue value, String unit, long time) {
        return new Reading(device, metric, value, unit, time, TimeSource.DEVICE, null, time + 50, SOURCE);
    }
}
