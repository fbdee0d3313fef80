package dev.telemetry.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.JsonSerde;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The window store's binary value format: exact round trips, JSON from earlier versions, clear failures. */
class WindowAccumulatorSerdeTest {

    private final WindowAccumulatorSerde serde = new WindowAccumulatorSerde();

    @Property
    void shouldRoundTripEveryAccumulatorExactly(@ForAll("accumulators") WindowAccumulator w) {
        byte[] bytes = serde.serializer().serialize("t", w);

        assertThat(bytes[0]).isEqualTo(WindowAccumulatorSerde.FORMAT);
        // record equality compares doubles bit for bit (Double.compare): -0.0, NaN payloads and extremes survive
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(w);
    }

    @Property
    void shouldStillReadTheJsonOfEarlierVersions(@ForAll("accumulators") WindowAccumulator w) {
        byte[] json = new JsonSerde<>(WindowAccumulator.class).serializer().serialize("t", w);

        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(w);
    }

    @Test
    void shouldKeepTombstonesNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldNameAnUnknownFormat() {
        byte[] bytes = serde.serializer().serialize("t", WindowAccumulator.of(1.5, 10, 1L, "Cel"));
        bytes[0] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 9 is unknown (topic changelog)");
    }

    @Test
    void shouldRejectTruncatedAndOverlongValues() {
        byte[] bytes = serde.serializer().serialize("t", WindowAccumulator.of(1.5, 10, null, "Cel"));

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot read a window accumulator of " + (bytes.length - 1) + " bytes");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length + 2)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("2 bytes after a window accumulator");
    }

    @Provide
    Arbitrary<WindowAccumulator> accumulators() {
        Arbitrary<Double> d = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 123.456));
        Arbitrary<Long> time = Arbitraries.longs().between(-1_000_000_000_000L, 5_000_000_000_000L);
        Arbitrary<Long> seq = Arbitraries.longs().injectNull(0.3);
        Arbitrary<String> unit = Arbitraries.oneOf(Arbitraries.of("Cel", "%RH", "Pa", "m/s", "µS/cm", ""),
                Arbitraries.strings().ofMaxLength(40)).injectNull(0.3);
        return Combinators.combine(unit, Arbitraries.longs().between(1, Long.MAX_VALUE), d, d, d, d, d, d)
                .as((u, count, min, max, sum, mean, m2, first) -> new Object[] {u, count, min, max, sum, mean, m2, first})
                .flatMap(a -> Combinators.combine(time, seq, d, time, seq, Arbitraries.of(true, false))
                        .as((firstTime, firstSeq, last, lastTime, lastSeq, closed) -> new WindowAccumulator(
                                (String) a[0], (Long) a[1], (Double) a[2], (Double) a[3], (Double) a[4],
                                (Double) a[5], (Double) a[6], (Double) a[7], firstTime, firstSeq, last, lastTime,
                                lastSeq, closed)));
    }
}
