package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.gatewayReading;
import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.JsonSerde;
import dev.telemetry.model.ReadingValue;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The reorder buffer's value format: exact round trips, JSON from earlier versions, clear failures. */
class BufferedReadingSerdeTest {

    private final BufferedReadingSerde serde = new BufferedReadingSerde();

    private static final List<BufferedReading> SAMPLES = List.of(
            new BufferedReading(reading("dev-1", "temperature", 21.5, 1_700_000_000_000L, 7), 1_700_000_000_000L,
                    1_700_000_000_123L),
            new BufferedReading(reading("dev-2", "state", ReadingValue.of(true), -5_000, null, 12), 0, -1),
            new BufferedReading(reading("dev-3", "label", ReadingValue.of("ünïcode \"quoted\"\n"), 5, Long.MIN_VALUE,
                    Long.MAX_VALUE), Long.MAX_VALUE, Long.MIN_VALUE),
            new BufferedReading(gatewayReading("dev-4", "t", -0.0, 99), 99, 100));

    @Test
    void shouldRoundTripExactly() {
        for (BufferedReading b : SAMPLES) {
            byte[] bytes = serde.serializer().serialize("t", b);
            assertThat(bytes[0]).isEqualTo(BufferedReadingSerde.FORMAT);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(b);
        }
    }

    @Test
    void shouldStillReadTheJsonOfEarlierVersions() {
        JsonSerde<BufferedReading> json = new JsonSerde<>(BufferedReading.class);
        for (BufferedReading b : SAMPLES) {
            assertThat(serde.deserializer().deserialize("t", json.serializer().serialize("t", b))).isEqualTo(b);
        }
    }

    @Test
    void shouldKeepTombstonesNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldNameWhatIsWrong() {
        byte[] bytes = serde.serializer().serialize("t", SAMPLES.get(0));
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 7;

        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", otherFormat))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 7 is unknown");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", Arrays.copyOf(bytes, 10)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("10 bytes from changelog: too short");
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class);
    }
}
