package dev.telemetry.gateway.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    private static Reading reading(ReadingValue value, String unit) {
        return new Reading("dev-1", "m", value, unit, 1000L, TimeSource.DEVICE, 7L, 1001L,
                new Source("sensors/dev-1", "senml+json", "gw-1"));
    }

    @ParameterizedTest(name = "{0} {1} = {2} {3}")
    @CsvSource({
        "212, degF, 100, Cel",
        "-40, °F, -40, Cel",
        "0, K, -273.15, Cel",
        "21.5, °C, 21.5, Cel",
        "1013.25, hPa, 101325, Pa",
        "1013.25, mbar, 101325, Pa",
        "1, bar, 100000, Pa",
        "14.6959487755, psi, 101325, Pa",
        "1, atm, 101325, Pa",
        "760, mmHg, 101325, Pa",
        "36, km/h, 10, m/s",
        "1, mph, 0.44704, m/s",
        "1, kn, 0.514444444, m/s",
        "1, kWh, 3600000, J",
        "2, Wh, 7200, J",
        "1.5, kW, 1500, W",
        "230000, mV, 230, V",
        "500, mA, 0.5, A",
        "1500, mm, 1.5, m",
        "250, g, 0.25, kg",
        "2, min, 120, s",
        "55, %rh, 55, %RH",
    })
    void shouldConvertToTheQuantitysCanonicalUnit(double value, String unit, double expected, String canonical) {
        Reading out = Units.normalize(reading(ReadingValue.of(value), unit));

        assertThat(out.unit()).isEqualTo(canonical);
        assertThat(((ReadingValue.Num) out.value()).value()).isCloseTo(expected, within(1e-6 * Math.max(1,
                Math.abs(expected))));
        assertThat(out.deviceId()).isEqualTo("dev-1");
        assertThat(out.eventTime()).isEqualTo(1000L);
        assertThat(out.seq()).isEqualTo(7L);
        assertThat(out.source().format()).isEqualTo("senml+json");
    }

    @Test
    void shouldLeaveCanonicalUnknownMissingAndNonNumericReadingsAlone() {
        Reading canonical = reading(ReadingValue.of(21.5), "Cel");
        Reading unknown = reading(ReadingValue.of(3), "furlong/fortnight");
        Reading none = reading(ReadingValue.of(3), null);
        Reading text = reading(ReadingValue.of("hot"), "degF");

        assertThat(Units.normalize(canonical)).isSameAs(canonical);
        assertThat(Units.normalize(unknown)).isSameAs(unknown);
        assertThat(Units.normalize(none)).isSameAs(none);
        assertThat(Units.normalize(text)).isSameAs(text);
    }

    @Test
    void shouldMapEveryUnitOfAQuantityToOneCanonicalUnit() {
        java.util.Map<String, java.util.Set<String>> canonicalByQuantity = new java.util.HashMap<>();
        Units.table().values().forEach(c -> canonicalByQuantity.computeIfAbsent(c.quantity(),
                q -> new java.util.HashSet<>()).add(c.canonical()));
        assertThat(canonicalByQuantity.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        // every canonical unit converts to itself
        Units.table().values().forEach(c -> assertThat(Units.table().get(c.canonical()).toCanonical()
                .applyAsDouble(42)).isEqualTo(42));
    }
}
