package dev.telemetry.simulator.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import dev.telemetry.simulator.fault.Fault;
import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.format.ExpectedReading;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageRecorderTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneJsonLinePerMessageWithThePayloadEmbeddedAsJson() throws Exception {
        Path file = dir.resolve("run/recording.jsonl");
        String payload = "{\"deviceId\":\"sim-00001\",\"ts\":1,\"seq\":0,\"temperature\":21.5}";

        try (MessageRecorder recorder = MessageRecorder.open(file)) {
            recorder.record("sensors/sim-00001", payload.getBytes(StandardCharsets.UTF_8), true);
            recorder.record("sensors/\"odd\"", "{}".getBytes(StandardCharsets.UTF_8), true);
            assertThat(recorder.lines()).isEqualTo(2);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = Json.mapper().readTree(lines.get(0));
        assertThat(first.get("topic").asText()).isEqualTo("sensors/sim-00001");
        assertThat(first.get("payload")).isEqualTo(Json.mapper().readTree(payload));
        assertThat(Json.mapper().readTree(lines.get(1)).get("topic").asText()).isEqualTo("sensors/\"odd\"");
    }

    @Test
    void shouldWriteOtherPayloadsAsBase64() throws Exception {
        Path file = dir.resolve("binary.jsonl");
        byte[] payload = {0, 1, (byte) 0xFF};

        try (MessageRecorder recorder = MessageRecorder.open(file)) {
            recorder.record("t", payload, false);
        }

        JsonNode line = Json.mapper().readTree(Files.readString(file));
        assertThat(Base64.getDecoder().decode(line.get("payloadBase64").asText())).isEqualTo(payload);
        assertThat(line.has("payload")).isFalse();
    }

    @Test
    void shouldListInjectedFaultsAndTheSpikedMetric() throws Exception {
        Path file = dir.resolve("faults.jsonl");
        byte[] cut = "{\"deviceId\":\"sim-0".getBytes(StandardCharsets.UTF_8);

        try (MessageRecorder recorder = MessageRecorder.open(file)) {
            recorder.record("t", new Outgoing("{\"temperature\":100}".getBytes(StandardCharsets.UTF_8), 1, true,
                    List.of(Fault.LATE, Fault.SPIKE), "temperature"));
            recorder.record("t", new Outgoing(cut, 0, false, List.of(Fault.MALFORMED), null));
            recorder.record("t", "{}".getBytes(StandardCharsets.UTF_8), true);
        }

        List<String> lines = Files.readAllLines(file);
        JsonNode spiked = Json.mapper().readTree(lines.get(0));
        assertThat(spiked.get("faults").toString()).isEqualTo("[\"LATE\",\"SPIKE\"]");
        assertThat(spiked.get("spiked").asText()).isEqualTo("temperature");
        assertThat(spiked.get("payload").get("temperature").asInt()).isEqualTo(100);
        JsonNode malformed = Json.mapper().readTree(lines.get(1));
        assertThat(Base64.getDecoder().decode(malformed.get("payloadBase64").asText())).isEqualTo(cut);
        assertThat(malformed.get("faults").toString()).isEqualTo("[\"MALFORMED\"]");
        JsonNode clean = Json.mapper().readTree(lines.get(2));
        assertThat(clean.has("faults")).isFalse();
        assertThat(clean.has("spiked")).isFalse();
    }

    @Test
    void shouldIgnoreMessagesAfterCloseAndCloseOnlyOnce() throws Exception {
        Path file = dir.resolve("closed.jsonl");
        MessageRecorder recorder = MessageRecorder.open(file);
        recorder.record("t", "{}".getBytes(StandardCharsets.UTF_8), true);
        recorder.close();

        recorder.record("t", "{}".getBytes(StandardCharsets.UTF_8), true);
        recorder.close();

        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void shouldFailClearlyWhenTheFileCannotBeCreated() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> MessageRecorder.open(notADirectory.resolve("recording.jsonl")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot create recording file");
    }

    @Test
    void shouldListTheReadingsAMessageCarriesWithTimeOnlyWhenThePayloadStatesOne() throws Exception {
        Path file = dir.resolve("readings.jsonl");
        List<ExpectedReading> sparkplug = List.of(
                new ExpectedReading("sensors/sim-00005", "temperature", 21.53, null, 1_718_000_000_000L),
                new ExpectedReading("sensors/sim-00005", "humidity", 45.2, null, 1_718_000_000_000L));

        try (MessageRecorder recorder = MessageRecorder.open(file)) {
            recorder.record("spBv1.0/sensors/NDATA/sim-00005", new Outgoing("spBv1.0/sensors/NDATA/sim-00005",
                    new byte[] {8, 1}, null, false, 2, sparkplug, List.of(), null, null));
            recorder.record("sensors/sim-00004/pressure", new Outgoing("sensors/sim-00004/pressure",
                    "101325.0".getBytes(StandardCharsets.US_ASCII), "text/plain", false, 1,
                    List.of(new ExpectedReading("sim-00004", "pressure", 101_325.0, "Pa", null)), List.of(), null, null));
        }

        List<String> lines = Files.readAllLines(file);
        JsonNode node = Json.mapper().readTree(lines.get(0)).get("readings");
        assertThat(node).hasSize(2);
        assertThat(node.get(1).get("deviceId").asText()).isEqualTo("sensors/sim-00005");
        assertThat(node.get(1).get("metric").asText()).isEqualTo("humidity");
        assertThat(node.get(1).get("value").asDouble()).isEqualTo(45.2);
        assertThat(node.get(1).get("ts").asLong()).isEqualTo(1_718_000_000_000L);
        assertThat(node.get(1).has("unit")).isFalse();
        JsonNode plain = Json.mapper().readTree(lines.get(1)).get("readings").get(0);
        assertThat(plain.get("unit").asText()).isEqualTo("Pa");
        assertThat(plain.has("ts")).isFalse();
    }

    @Test
    void shouldRecordQosContentTypeSendTimeAndConnectionEventsForReplay() throws Exception {
        Path file = dir.resolve("replayable.jsonl");
        byte[] cbor = {(byte) 0x81, 0x01};

        try (MessageRecorder recorder = MessageRecorder.open(file)) {
            long now = System.nanoTime();
            recorder.record("sensors/sim-00003", new Outgoing(cbor, 1, false, List.of(), null), 1,
                    "application/senml+cbor", now + 1_500_000);
            recorder.recordEvent("CONNECTION_DROP", "sim-client-0", now + 2_000_000);
            recorder.record("sensors/sim-00004", new Outgoing("{}".getBytes(StandardCharsets.UTF_8), 0, true,
                    List.of(), null));
            assertThat(recorder.lines()).isEqualTo(3);
        }

        List<String> lines = Files.readAllLines(file);
        JsonNode message = Json.mapper().readTree(lines.get(0));
        assertThat(message.get("qos").asInt()).isEqualTo(1);
        assertThat(message.get("contentType").asText()).isEqualTo("application/senml+cbor");
        assertThat(Base64.getDecoder().decode(message.get("payloadBase64").asText())).isEqualTo(cbor);
        JsonNode event = Json.mapper().readTree(lines.get(1));
        assertThat(event.get("event").asText()).isEqualTo("CONNECTION_DROP");
        assertThat(event.get("connection").asText()).isEqualTo("sim-client-0");
        // times are relative to opening the recording, so the event is at least 0.5 ms after the message
        assertThat(event.get("t").asDouble() - message.get("t").asDouble()).isCloseTo(0.5, within(1e-9));
        JsonNode plain = Json.mapper().readTree(lines.get(2));
        assertThat(plain.has("qos")).isFalse();
        assertThat(plain.has("t")).isFalse();
    }
}
