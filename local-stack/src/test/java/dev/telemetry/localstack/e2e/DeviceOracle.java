package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Json;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.ReadingValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Readings for a fixed fleet, as MQTT messages for the gateway, and what the processor must make of them,
 * computed here independently of the pipeline: per device and metric the value with the greatest event time,
 * and per device the number of readings ({@code counters.accepted}: each reading exactly once, whatever
 * MQTT redelivered or a failover replayed).
 *
 * <p>Every message is one JSON reading on {@code sensors/<device>} with the device's own time ({@code ts}) and
 * sequence number ({@code seq}), so its identity is unique and duplicates are recognisable. Event times are
 * one second apart per device ({@code baseTime + seq} s), so "the greatest event time" has exactly one answer.
 * Temperature for every device, humidity for every second reading of even-numbered devices.
 */
final class DeviceOracle {

    /** What the API must say about one device and metric. */
    record Expected(ReadingValue value, long eventTime) {
    }

    private final String prefix;
    private final int devices;
    private final Random random;
    private final long baseTime;
    private final Map<String, Map<String, Expected>> latest = new TreeMap<>();
    private final Map<String, Integer> accepted = new HashMap<>();
    private final Map<String, Integer> temperatureReadings = new HashMap<>();
    private final Map<String, Integer> nextSeq = new HashMap<>();

    /**
     * @param prefix   device ids are {@code <prefix>-001 ...}
     * @param baseTime event times start here; keep it within the processor's dedupe retention of now
     */
    DeviceOracle(String prefix, int devices, long seed, long baseTime) {
        this.prefix = prefix;
        this.devices = devices;
        this.random = new Random(seed);
        this.baseTime = baseTime;
    }

    static String deviceId(String prefix, int d) {
        return String.format("%s-%03d", prefix, d);
    }

    /**
     * {@code perDevice} fresh readings for every device as (MQTT topic, payload), shuffled, and recorded in the
     * oracle: publish all of them (at least once) before checking.
     */
    synchronized List<Map.Entry<String, String>> batch(int perDevice) {
        List<Map.Entry<String, String>> messages = new ArrayList<>();
        for (int d = 1; d <= devices; d++) {
            String device = deviceId(prefix, d);
            for (int i = 0; i < perDevice; i++) {
                String metric = d % 2 == 0 && i % 2 == 1 ? "humidity" : "temperature";
                int seq = nextSeq.merge(device, 1, Integer::sum);
                long eventTime = baseTime + seq * 1_000L;
                double value = Math.round(random.nextGaussian() * 1000) / 10.0;
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("ts", eventTime);
                payload.put("seq", seq);
                payload.put(metric, value);
                messages.add(Map.entry("sensors/" + device, json(payload)));
                latest.computeIfAbsent(device, k -> new TreeMap<>()).merge(metric,
                        new Expected(ReadingValue.of(value), eventTime),
                        (x, y) -> x.eventTime() >= y.eventTime() ? x : y);
                accepted.merge(device, 1, Integer::sum);
                if (metric.equals("temperature")) {
                    temperatureReadings.merge(device, 1, Integer::sum);
                }
            }
        }
        Collections.shuffle(messages, random);
        return messages;
    }

    synchronized Set<String> deviceIds() {
        return Set.copyOf(latest.keySet());
    }

    synchronized List<String> sortedDeviceIds() {
        return new ArrayList<>(latest.keySet());
    }

    synchronized int temperatureReadings(String device) {
        return temperatureReadings.get(device);
    }

    /** Readings recorded so far, over all devices. */
    synchronized int totalReadings() {
        return accepted.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** True when {@code state} has exactly the expected metrics, latest values, event times and accepted count. */
    synchronized boolean matches(DeviceState state) {
        Map<String, Expected> expected = latest.get(state.deviceId());
        if (expected == null || !state.metrics().keySet().equals(expected.keySet())
                || state.counters().accepted() != accepted.get(state.deviceId())) {
            return false;
        }
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            MetricState actual = state.metrics().get(e.getKey());
            if (!actual.value().equals(e.getValue().value()) || actual.eventTime() != e.getValue().eventTime()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asks {@code api} for every device; returns how many answers each instance gave
     * ({@code X-Telemetry-Served-By}) when every device equals the oracle, else null (not there yet).
     */
    Map<String, Integer> answersFrom(String api) {
        Map<String, Integer> servedBy = new TreeMap<>();
        for (String device : sortedDeviceIds()) {
            HttpResponse<String> response = getOrNull(api + "/api/v1/devices/" + device);
            if (response == null || response.statusCode() != 200
                    || !matches(parse(response.body(), DeviceState.class))) {
                return null;
            }
            servedBy.merge(response.headers().firstValue("X-Telemetry-Served-By").orElse("?"), 1, Integer::sum);
            assertThat(response.headers().firstValue("X-Telemetry-Stale")).as("a fresh answer is not stale")
                    .isEmpty();
        }
        return servedBy;
    }

    /**
     * The sum of {@code counters.accepted} over every device as {@code api} answers now, or -1 when some device
     * is not answered with 200.
     */
    long acceptedThrough(String api) {
        long sum = 0;
        for (String device : sortedDeviceIds()) {
            HttpResponse<String> response = getOrNull(api + "/api/v1/devices/" + device);
            if (response == null || response.statusCode() != 200) {
                return -1;
            }
            sum += parse(response.body(), DeviceState.class).counters().accepted();
        }
        return sum;
    }

    /**
     * The response, or null when the request failed or timed out: on a loaded machine (CI shares its cores)
     * a query can take longer than the client's 10 s; the callers poll again rather than fail.
     */
    private static HttpResponse<String> getOrNull(String url) {
        try {
            return Workload.get(url);
        } catch (UncheckedIOException e) {
            System.out.println("DeviceOracle: " + e.getMessage() + ": " + e.getCause() + "; will ask again");
            return null;
        }
    }

    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + type.getSimpleName() + " from " + json, e);
        }
    }
}
