package dev.telemetry.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.JsonSerde;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The one-long stores' value format: exact round trips, JSON numbers from earlier versions, clear failures. */
class TimestampSerdeTest {

    private final TimestampSerde serde = new TimestampSerde();

    @Property
    void shouldRoundTripEveryLong(@ForAll long value) {
        byte[] bytes = serde.serializer().serialize("t", value);

        assertThat(bytes).hasSize(9);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
    }

    @Property
    void shouldStillReadTheJsonOfEarlierVersions(@ForAll long value) {
        byte[] json = new JsonSerde<>(Long.class).serializer().serialize("t", value);

        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(value);
    }

    @Test
    void shouldReadAnEightDigitJsonNumberAsJsonAndKeepTombstonesNull() {
        assertThat(serde.deserializer().deserialize("t", "12345678".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(12_345_678L);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldNameWhatItCannotRead() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", new byte[] {2, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot read a timestamp of 3 bytes from changelog");
    }
}
