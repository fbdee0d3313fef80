package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Json;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.TimeSource;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A known set of readings for end-to-end tests, and the oracle for them: which value each device and
 * metric must end with, computed here from the generated readings, independently of the pipeline.
 *
 * <p>Per device: one plain numeric reading ({@code sensors/<device>/rpm}, no device time, so its
 * event time is the gateway's) and JSON readings ({@code sensors/<device>}) with explicit {@code ts}
 * and {@code seq}, spread over four metrics (number, number, boolean, text). Event times are unique
 * per device and metric, so "the value with the greatest eventTime" has exactly one answer. All
 * messages are shuffled before publishing: every device's readings arrive out of event-time order.
 */
final class Workload {

    static final String PLAIN_METRIC = "rpm";
    private static final String[] JSON_METRICS = {"temperature", "humidity", "door.open", "mode"};
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One published reading: what the pipeline must keep. eventTime is null for gateway-timed readings. */
    record Expected(String deviceId, String metric, ReadingValue value, Long eventTime) {
    }

    private final List<Map.Entry<String, String>> messages;
    private final List<Expected> readings;
    private final Map<String, Map<String, Expected>> latest;

    private Workload(List<Map.Entry<String, String>> messages, List<Expected> readings,
            Map<String, Map<String, Expected>> latest) {
        this.messages = messages;
        this.readings = readings;
        this.latest = latest;
    }

    /**
     * @param devicePrefix      device ids are {@code <prefix>0001} ...
     * @param readingsPerDevice readings per device, at least 2 (one plain, the rest JSON)
     * @param baseTime          event times lie in {@code [baseTime, baseTime + 10 min)}
     */
    static Workload generate(long seed, String devicePrefix, int devices, int readingsPerDevice, long baseTime) {
        Random random = new Random(seed);
        List<Map.Entry<String, String>> messages = new ArrayList<>();
        List<Expected> readings = new ArrayList<>();
        Map<String, Map<String, Expected>> latest = new TreeMap<>();
        for (int d = 1; d <= devices; d++) {
            String device = devicePrefix + String.format("%04d", d);
            Map<String, Expected> deviceLatest = new TreeMap<>();
            Map<String, Set<Long>> usedTimes = new HashMap<>();
            for (int i = 0; i < readingsPerDevice - 1; i++) {
                String metric = JSON_METRICS[random.nextInt(JSON_METRICS.length)];
                long ts;
                do {
                    ts = baseTime + random.nextInt(600_000);
                } while (!usedTimes.computeIfAbsent(metric, m -> new HashSet<>()).add(ts));
                ReadingValue value = switch (metric) {
                    case "temperature" -> ReadingValue.of(Math.round((random.nextGaussian() * 8 + 20) * 100) / 100.0);
                    case "humidity" -> ReadingValue.of(random.nextInt(1000) / 10.0);
                    case "door.open" -> ReadingValue.of(random.nextBoolean());
                    default -> ReadingValue.of("mode-" + random.nextInt(50));
                };
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("ts", ts);
                payload.put("seq", i);
                payload.put(metric, value.raw());
                messages.add(Map.entry("sensors/" + device, json(payload)));
                Expected e = new Expected(device, metric, value, ts);
                readings.add(e);
                deviceLatest.merge(metric, e, (a, b) -> a.eventTime() >= b.eventTime() ? a : b);
            }
            double rpm = 500 + random.nextInt(3000);
            messages.add(Map.entry("sensors/" + device + "/" + PLAIN_METRIC, Double.toString(rpm)));
            Expected plain = new Expected(device, PLAIN_METRIC, ReadingValue.of(rpm), null);
            readings.add(plain);
            deviceLatest.put(PLAIN_METRIC, plain);
            latest.put(device, deviceLatest);
        }
        Collections.shuffle(messages, random);
        return new Workload(List.copyOf(messages), List.copyOf(readings), latest);
    }

    int readingCount() {
        return readings.size();
    }

    int messageCount() {
        return messages.size();
    }

    Set<String> deviceIds() {
        return latest.keySet();
    }

    /** Publishes every message at QoS 1 and returns once the broker acknowledged all of them. */
    void publish(String mqttUrl) throws MqttException {
        MqttV5Publisher.publish(mqttUrl, messages);
    }

    /**
     * Checks, through {@code GET /api/v1/devices/{id}}, that every device has exactly the expected
     * value for every metric: the one with the greatest event time.
     */
    void assertStateThroughApi(String apiBase) {
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Map<String, Expected>> device : latest.entrySet()) {
            HttpResponse<String> response = get(apiBase + "/api/v1/devices/"
                    + URLEncoder.encode(device.getKey(), StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                mismatches.add(device.getKey() + ": HTTP " + response.statusCode() + " " + response.body());
                continue;
            }
            DeviceState state = parse(response.body(), DeviceState.class);
            assertThat(state.deviceId()).isEqualTo(device.getKey());
            assertThat(state.metrics().keySet()).as("metrics of %s", device.getKey())
                    .isEqualTo(device.getValue().keySet());
            for (Expected e : device.getValue().values()) {
                MetricState actual = state.metrics().get(e.metric());
                boolean ok = actual.value().equals(e.value())
                        && (e.eventTime() == null
                                ? actual.timeSource() == TimeSource.GATEWAY
                                : actual.eventTime() == e.eventTime());
                if (!ok) {
                    mismatches.add(e.deviceId() + "/" + e.metric() + ": expected " + e.value().raw() + " at "
                            + e.eventTime() + ", API has " + actual.value().raw() + " at " + actual.eventTime());
                }
            }
        }
        assertThat(mismatches).as("devices whose state differs from the oracle (%d of %d)", mismatches.size(),
                latest.size()).isEmpty();
    }

    /** {@code GET /api/v1/devices} lists every device of this workload (paging through all pages). */
    void assertListedThroughApi(String apiBase) {
        assertThat(listDevices(apiBase)).containsAll(latest.keySet());
    }

    /** Every device id the API lists, following {@code nextCursor} to the end. */
    static Set<String> listDevices(String apiBase) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            HttpResponse<String> response = get(apiBase + "/api/v1/devices?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).as("GET /api/v1/devices: %s", response.body()).isEqualTo(200);
            JsonNode page = parse(response.body(), JsonNode.class);
            page.get("items").forEach(item -> ids.add(item.get("deviceId").asText()));
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return ids;
    }

    /**
     * Checks that {@code telemetry.readings} holds every reading of this workload (duplicates are
     * allowed: at-least-once); returns how many of this workload's records were duplicates.
     */
    long assertAllInKafka(String bootstrapServers) {
        List<ConsumerRecord<String, String>> records =
                KafkaFixture.readAll(bootstrapServers, Topics.READINGS, Duration.ofSeconds(60));
        Map<Expected, Integer> seen = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Reading r = parse(record.value(), Reading.class);
            if (!latest.containsKey(r.deviceId())) {
                continue; // another producer's device (the simulator)
            }
            assertThat(record.key()).as("record key is the device id").isEqualTo(r.deviceId());
            Long eventTime = r.timeSource() == TimeSource.GATEWAY ? null : r.eventTime();
            seen.merge(new Expected(r.deviceId(), r.metric(), r.value(), eventTime), 1, Integer::sum);
        }
        List<Expected> missing = readings.stream().filter(e -> !seen.containsKey(e)).toList();
        assertThat(missing).as("readings published but not in %s (%d of %d)", Topics.READINGS, missing.size(),
                readings.size()).isEmpty();
        assertThat(seen.keySet()).as("readings in Kafka that were never published").hasSize(readings.size());
        return seen.values().stream().mapToLong(n -> n - 1).sum();
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + url, e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + type.getSimpleName() + " from " + json, e);
        }
    }
}
