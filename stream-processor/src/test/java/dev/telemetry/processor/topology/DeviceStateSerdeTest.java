package dev.telemetry.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.model.TimeSource;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The device-state store's binary value format: exact round trips, JSON from earlier versions, clear failures. */
class DeviceStateSerdeTest {

    private final DeviceStateSerde serde = new DeviceStateSerde();

    @Property(tries = 500)
    void shouldRoundTripEveryStateExactly(@ForAll("states") DeviceState s) {
        byte[] bytes = serde.serializer().serialize("t", s);

        assertThat(bytes[0]).isEqualTo(DeviceStateSerde.FORMAT);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(s);
    }

    @Property(tries = 200)
    void shouldStillReadTheJsonOfEarlierVersions(@ForAll("states") DeviceState s) {
        byte[] json = TelemetrySerdes.deviceState().serializer().serialize("t", s);

        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(s);
    }

    @Test
    void shouldKeepTombstonesNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldNameAnUnknownFormatAndRejectTruncatedOrOverlongValues() {
        byte[] bytes = serde.serializer().serialize("t", sample());
        byte[] unknown = bytes.clone();
        unknown[0] = 7;

        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", unknown))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("device state format 7 is unknown (topic changelog)");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot read a device state of " + (bytes.length - 1) + " bytes");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("1 bytes after the state of dev-ü");
    }

    private static DeviceState sample() {
        return new DeviceState("dev-ü", Map.of(
                "t", new MetricState(ReadingValue.of(-0.0), "Cel", -5, TimeSource.DEVICE, null, 7),
                "door", new MetricState(ReadingValue.of("open 🚪"), null, 3, TimeSource.GATEWAY, 9L, 3),
                "on", new MetricState(ReadingValue.of(true), null, 4, TimeSource.DEVICE, Long.MIN_VALUE, 4)),
                4, 7, DeviceStatus.ONLINE, new DeviceCounters(1, 2, 3, 4, 5, 6), 42L);
    }

    @Provide
    Arbitrary<DeviceState> states() {
        Arbitrary<String> names = Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
        Arbitrary<ReadingValue> values = Arbitraries.oneOf(
                Arbitraries.doubles().ofScale(3).between(-1e12, 1e12).map(ReadingValue::of),
                Arbitraries.of(Double.MAX_VALUE, -Double.MIN_VALUE, -0.0).map(ReadingValue::of),
                Arbitraries.of(true, false).map(ReadingValue::of),
                Arbitraries.strings().ofMaxLength(20).map(ReadingValue::of));
        Arbitrary<Long> times = Arbitraries.longs().between(-10_000_000_000_000L, 10_000_000_000_000L);
        Arbitrary<MetricState> metrics = Combinators.combine(values, names.injectNull(0.3), times,
                        Arbitraries.of(TimeSource.class), Arbitraries.longs().injectNull(0.3), times)
                .as(MetricState::new);
        Arbitrary<DeviceCounters> counters = Arbitraries.longs().between(0, Long.MAX_VALUE).list().ofSize(6)
                .map(c -> new DeviceCounters(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5)));
        return Combinators.combine(names, Arbitraries.maps(names, metrics).ofMaxSize(6), times, times,
                        Arbitraries.of(DeviceStatus.class), counters, Arbitraries.longs().injectNull(0.4))
                .as(DeviceState::new);
    }
}
