package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ReadingJsonTest {

    private final Serde<Reading> serde = TelemetrySerdes.reading();

    private static Reading reading(ReadingValue value) {
        return new Reading("dev-1", "temperature", value, "Cel", 1_700_000_000_000L, TimeSource.DEVICE, 7L,
                1_700_000_000_123L, new Source("sensors/dev-1", "json", "gw-1"));
    }

    @Test
    void shouldRoundTripNumericBooleanAndStringValues() {
        for (ReadingValue v : new ReadingValue[] {ReadingValue.of(-12.5), ReadingValue.of(true), ReadingValue.of("open")}) {
            Reading r = reading(v);
            byte[] bytes = serde.serializer().serialize("t", r);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(r);
        }
    }

    @Test
    void shouldWriteTheValueAsABareJsonValue() throws Exception {
        byte[] bytes = serde.serializer().serialize("t", reading(ReadingValue.of(21.5)));
        JsonNode json = Json.mapper().readTree(bytes);
        assertThat(json.get("value").isNumber()).isTrue();
        assertThat(json.get("value").doubleValue()).isEqualTo(21.5);
        assertThat(json.get("source").get("format").asText()).isEqualTo("json");
        assertThat(json.get("timeSource").asText()).isEqualTo("DEVICE");
    }

    @Test
    void shouldOmitAbsentOptionalFields() throws Exception {
        Reading r = new Reading("d", "m", ReadingValue.of(1), null, 1L, TimeSource.GATEWAY, null, 1L,
                new Source("t", "plain", "gw"));
        JsonNode json = Json.mapper().readTree(serde.serializer().serialize("t", r));
        assertThat(json.has("unit")).isFalse();
        assertThat(json.has("seq")).isFalse();
    }

    @Test
    void shouldIgnoreUnknownFieldsAddedByNewerProducers() {
        String json = "{\"deviceId\":\"d\",\"metric\":\"m\",\"value\":3,\"eventTime\":5,\"timeSource\":\"DEVICE\","
                + "\"receivedAt\":6,\"source\":{\"mqttTopic\":\"t\",\"format\":\"json\",\"gatewayId\":\"g\"},"
                + "\"quality\":\"good\"}";
        Reading r = serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.value()).isEqualTo(ReadingValue.of(3.0));
        assertThat(r.seq()).isNull();
    }

    @Test
    void shouldRejectARecordWithAnInvalidDeviceIdWhenReading() {
        String json = "{\"deviceId\":\"bad id\",\"metric\":\"m\",\"value\":3,\"eventTime\":5,\"timeSource\":\"DEVICE\","
                + "\"receivedAt\":6,\"source\":{\"mqttTopic\":\"t\",\"format\":\"json\",\"gatewayId\":\"g\"}}";
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("deviceId");
    }

    @Test
    void shouldRejectNonFiniteNumbersAndInvalidNames() {
        assertThatThrownBy(() -> ReadingValue.of(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> ReadingValue.of(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        assertThat(Reading.isValidName("plant-1/line:2.sensor_3")).isTrue();
        assertThat(Reading.isValidName("")).isFalse();
        assertThat(Reading.isValidName("a b")).isFalse();
        assertThat(Reading.isValidName("x".repeat(201))).isFalse();
        assertThat(Reading.isValidName("x".repeat(200))).isTrue();
    }

    @Test
    void shouldKeepDeviceStateMetricsSortedAndRoundTrip() {
        Map<String, MetricState> metrics = Map.of(
                "zeta", new MetricState(ReadingValue.of(1), null, 1, TimeSource.DEVICE, null, 2),
                "alpha", new MetricState(ReadingValue.of("x"), "Cel", 3, TimeSource.GATEWAY, 4L, 5));
        DeviceState state = new DeviceState("d", metrics, 3, 5, DeviceStatus.ONLINE,
                DeviceCounters.ZERO.plusAccepted().plusLate());
        assertThat(state.metrics().keySet()).containsExactly("alpha", "zeta");
        Serde<DeviceState> s = TelemetrySerdes.deviceState();
        assertThat(s.deserializer().deserialize("t", s.serializer().serialize("t", state))).isEqualTo(state);
    }

    @Test
    void shouldReadDeviceStateWrittenBeforeMaxSeqAndTooLateForWindowExisted() {
        String old = "{\"deviceId\":\"d\",\"metrics\":{},\"lastSeen\":3,\"lastReceived\":5,\"status\":\"ONLINE\","
                + "\"counters\":{\"accepted\":2,\"late\":1,\"duplicates\":0,\"outOfOrder\":1,\"sequenceGaps\":0}}";

        DeviceState state = TelemetrySerdes.deviceState().deserializer()
                .deserialize("t", old.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(state.maxSeq()).isNull();
        assertThat(state.counters()).isEqualTo(new DeviceCounters(2, 1, 0, 1, 0, 0));
    }

    @Test
    void shouldWriteNewDeviceStateFieldsAdditively() {
        DeviceState state = new DeviceState("d", Map.of(), 3, 5, DeviceStatus.ONLINE,
                DeviceCounters.ZERO.plusTooLateForWindow(), 7L);
        Serde<DeviceState> s = TelemetrySerdes.deviceState();

        String json = new String(s.serializer().serialize("t", state), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json).contains("\"tooLateForWindow\":1").contains("\"maxSeq\":7")
                .contains("\"sequenceGaps\":0").contains("\"lastSeen\":3");
        assertThat(s.deserializer().deserialize("t", json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(state);
        assertThat(new String(s.serializer().serialize("t", state.withCounters(DeviceCounters.ZERO)
                .withStatus(DeviceStatus.OFFLINE)), java.nio.charset.StandardCharsets.UTF_8)).contains("OFFLINE");
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
