package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.localstack.LocalStack;
import dev.telemetry.localstack.LocalStackOptions;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Json;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.Topics;
import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.SimulatorConfig;
import dev.telemetry.simulator.Summary;
import dev.telemetry.simulator.fault.FaultConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's faults against the local stack: duplicates, reordering, late readings, skewed
 * clocks, malformed and oversized payloads, spikes, silences and flatlines. The expected state is computed from the
 * simulator's recording alone, independently of the pipeline, and compared with the API; undecodable
 * payloads must all be in the dead-letter topic with the right reason.
 */
@Timeout(300)
class SimulatedFaultsIT {

    private static final Set<String> RESERVED = Set.of("deviceId", "ts", "seq");

    /** Per metric of one device: the value and event time with the greatest event time. */
    private record Latest(double value, long eventTime) {
    }

    @Test
    void shouldEndWithTheStateComputedFromTheRecordingDespiteInjectedFaults(@TempDir Path tmp) throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStackOptions(0, 0, 0, tmp.resolve("data"), false, 1, 1,
                null))) {
            Path recording = tmp.resolve("recording.jsonl");
            FaultConfig faults = new FaultConfig(0.05, 0.05, 3, 0.05, Duration.ofMinutes(10), 0.2,
                    Duration.ofSeconds(30), 0.03, 0.01, 300_000, 0.02, 5, 0.01, Duration.ofSeconds(2), 0.02,
                    Duration.ofSeconds(3));
            SimulatorConfig config = SimulatorConfig.builder().mqttUrl(stack.mqttUrl()).devicePrefix("faulty-")
                    .devices(40).readingsPerSecond(900).count(9_000).seed(20261129).faults(faults)
                    .recordFile(recording).clientIdPrefix("simulated-faults-it").build();

            Simulator simulator = Simulator.start(config);
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(120))).as("simulator finished").isTrue();
            simulator.stop();
            Summary summary = simulator.summary();
            assertThat(summary.errors()).as("publish errors").isZero();

            List<JsonNode> lines = readLines(recording);
            assertThat(lines).hasSize((int) summary.messages());
            Map<String, Map<String, Latest>> expected = expectedState(lines);
            Map<String, Long> deadByFault = countFaults(lines, "MALFORMED", "OVERSIZED");
            assertThat(expected).as("devices with decodable readings").hasSize(40);
            assertThat(deadByFault.get("MALFORMED")).as("malformed messages recorded").isPositive();
            assertThat(deadByFault.get("OVERSIZED")).as("oversized messages recorded").isPositive();
            System.out.printf("SimulatedFaultsIT: %d messages, faults %s%n", summary.messages(),
                    simulator.faultsInjected());

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertStateThroughApi(stack.apiBase(), expected));

            Map<String, Long> dlqCodes = KafkaFixture.readAll(stack.kafkaBootstrapServers(), Topics.DLQ,
                            Duration.ofSeconds(30)).stream()
                    .filter(r -> header(r, DlqHeaders.MQTT_TOPIC).startsWith("sensors/faulty-"))
                    .collect(Collectors.groupingBy(r -> header(r, DlqHeaders.ERROR_CODE), TreeMap::new,
                            Collectors.counting()));
            assertThat(dlqCodes).containsOnly(Map.entry("INVALID_JSON", deadByFault.get("MALFORMED")),
                    Map.entry("PAYLOAD_TOO_LARGE", deadByFault.get("OVERSIZED")));
        }
    }

    private static void assertStateThroughApi(String api, Map<String, Map<String, Latest>> expected) {
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Map<String, Latest>> device : expected.entrySet()) {
            var response = Workload.get(api + "/api/v1/devices/" + device.getKey());
            if (response.statusCode() != 200) {
                mismatches.add(device.getKey() + ": HTTP " + response.statusCode());
                continue;
            }
            DeviceState state = parse(response.body(), DeviceState.class);
            device.getValue().forEach((metric, want) -> {
                MetricState got = state.metrics().get(metric);
                if (got == null || got.eventTime() != want.eventTime()
                        || !got.value().raw().equals(want.value())) {
                    mismatches.add(device.getKey() + "/" + metric + ": expected " + want + ", API has "
                            + (got == null ? "nothing" : got.value().raw() + " at " + got.eventTime()));
                }
            });
        }
        assertThat(mismatches).as("state differing from the recording's oracle").isEmpty();
    }

    /** Per device and metric, the reading with the greatest event time among decodable messages. */
    private static Map<String, Map<String, Latest>> expectedState(List<JsonNode> lines) {
        Map<String, Map<String, Latest>> state = new HashMap<>();
        for (JsonNode line : lines) {
            if (hasFault(line, "MALFORMED") || hasFault(line, "OVERSIZED")) {
                continue;
            }
            JsonNode payload = line.get("payload");
            long ts = payload.get("ts").asLong();
            Map<String, Latest> device = state.computeIfAbsent(payload.get("deviceId").asText(), d -> new HashMap<>());
            for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!RESERVED.contains(field.getKey())) {
                    Latest candidate = new Latest(field.getValue().asDouble(), ts);
                    device.merge(field.getKey(), candidate, (a, b) -> b.eventTime() > a.eventTime() ? b : a);
                }
            }
        }
        return state;
    }

    private static Map<String, Long> countFaults(List<JsonNode> lines, String... faults) {
        return List.of(faults).stream().collect(Collectors.toMap(Function.identity(),
                f -> lines.stream().filter(l -> hasFault(l, f)).count()));
    }

    private static boolean hasFault(JsonNode line, String fault) {
        JsonNode faults = line.get("faults");
        if (faults == null) {
            return false;
        }
        for (JsonNode f : faults) {
            if (f.asText().equals(fault)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(parse(line, JsonNode.class));
        }
        return out;
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
