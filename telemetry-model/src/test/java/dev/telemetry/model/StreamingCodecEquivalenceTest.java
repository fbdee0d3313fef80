package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The streaming codecs against databind on random values: the same bytes when writing, and the same value
 * from databind's bytes when reading, on the fast path (a codec that silently fell back to databind for
 * everything would be correct but pointless).
 */
class StreamingCodecEquivalenceTest {

    @Property(tries = 2000)
    void shouldWriteReadingsByteForByteAsDatabind(@ForAll("readings") Reading reading) throws Exception {
        byte[] expected = Json.mapper().writeValueAsBytes(reading);

        byte[] actual = ReadingCodec.INSTANCE.write(reading);

        assertThat(actual).as(text(expected)).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void shouldReadDatabindsReadingsOnTheFastPath(@ForAll("readings") Reading reading) throws Exception {
        byte[] json = Json.mapper().writeValueAsBytes(reading);

        Reading fast = ReadingCodec.INSTANCE.readFast(json);

        assertThat(fast).as(text(json)).isNotNull().isEqualTo(Json.mapper().readValue(json, Reading.class));
        assertThat(fast).isEqualTo(reading);
    }

    @Property(tries = 1000)
    void shouldWriteDeviceStatesByteForByteAsDatabind(@ForAll("deviceStates") DeviceState state) throws Exception {
        byte[] expected = Json.mapper().writeValueAsBytes(state);

        byte[] actual = DeviceStateCodec.INSTANCE.write(state);

        assertThat(actual).as(text(expected)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void shouldReadDatabindsDeviceStatesOnTheFastPath(@ForAll("deviceStates") DeviceState state) throws Exception {
        byte[] json = Json.mapper().writeValueAsBytes(state);

        DeviceState expected;
        try {
            expected = Json.mapper().readValue(json, DeviceState.class);
        } catch (JsonProcessingException e) {
            // databind writes, but cannot read, a metric name with a lone low surrogate: both must fail
            assertThat(e).hasMessageContaining("surrogate");
            assertThatThrownBy(() -> DeviceStateCodec.INSTANCE.read(json)).isInstanceOf(e.getClass());
            return;
        }

        DeviceState fast = DeviceStateCodec.INSTANCE.readFast(json);

        assertThat(fast).as(text(json)).isNotNull().isEqualTo(expected);
    }

    @Property(tries = 500)
    void shouldRoundTripThroughTheSerdes(@ForAll("readings") Reading reading, @ForAll("deviceStates") DeviceState state) {
        var readings = TelemetrySerdes.reading();
        var states = TelemetrySerdes.deviceState();

        assertThat(readings.deserializer().deserialize("t", readings.serializer().serialize("t", reading)))
                .isEqualTo(reading);
        byte[] stateBytes = states.serializer().serialize("t", state);
        assertThat(stateBytes).isEqualTo(new JsonSerde<>(DeviceState.class).serializer().serialize("t", state));
        assertThat(SerdeOutcome.of(states, stateBytes))
                .isEqualTo(SerdeOutcome.of(new JsonSerde<>(DeviceState.class), stateBytes));
    }

    @Provide
    Arbitrary<Reading> readings() {
        return RecordArbitraries.readings();
    }

    @Provide
    Arbitrary<DeviceState> deviceStates() {
        return RecordArbitraries.deviceStates();
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
