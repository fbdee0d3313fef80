package dev.telemetry.gateway.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    private static final long MAY_1 = Instant.parse("2024-05-01T12:00:00.123Z").toEpochMilli();

    @Test
    void shouldDetectTheUnitOfIntegersByMagnitude() {
        assertThat(Timestamps.fromEpochNumber(1_714_564_800L)).isEqualTo(MAY_1 - 123);
        assertThat(Timestamps.fromEpochNumber(1_714_564_800_123L)).isEqualTo(MAY_1);
        assertThat(Timestamps.fromEpochNumber(1_714_564_800_123_456L)).isEqualTo(MAY_1);
        assertThat(Timestamps.fromEpochNumber(1_714_564_800_123_456_789L)).isEqualTo(MAY_1);
    }

    @Test
    void shouldKeepFractionalSecondsExactly() {
        // 1714564800.123 * 1000 is 1714564800122.9998 in binary floating point
        assertThat(Timestamps.fromEpochNumber(1_714_564_800.123)).isEqualTo(MAY_1);
        assertThat(Timestamps.fromEpochNumber(0.5)).isEqualTo(500);
    }

    @Test
    void shouldTruncateBelowAMillisecond() {
        assertThat(Timestamps.fromEpochNumber(1_714_564_800_123_999L)).isEqualTo(MAY_1);
        assertThat(Timestamps.fromEpochNumber(1_714_564_800.1239)).isEqualTo(MAY_1);
    }

    @Test
    void shouldSwitchUnitsAtTheDocumentedThresholds() {
        assertThat(Timestamps.fromEpochNumber(99_999_999_999L)).isEqualTo(99_999_999_999_000L);
        assertThat(Timestamps.fromEpochNumber(100_000_000_000L)).isEqualTo(100_000_000_000L);
        assertThat(Timestamps.fromEpochNumber(100_000_000_000_000L)).isEqualTo(100_000_000_000L);
        assertThat(Timestamps.fromEpochNumber(100_000_000_000_000_000L)).isEqualTo(100_000_000_000L);
    }

    @ParameterizedTest
    @CsvSource({
        "2024-05-01T12:00:00.123Z",
        "2024-05-01T14:00:00.123+02:00",
        "2024-05-01T07:00:00.123-05:00",
        "1714564800123",
        "1714564800.123",
        "' 1714564800123 '"})
    void shouldParseIsoAndNumericStrings(String text) {
        assertThat(Timestamps.parse(text)).isEqualTo(MAY_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "yesterday", "2024-05-01T12:00:00", "2024-05-01", "-1",
        "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1e99", "12:00"})
    void shouldRejectInvalidStrings(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectNegativeNonFiniteAndFarFutureNumbers() {
        assertThatThrownBy(() -> Timestamps.fromEpochNumber(-1L)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Timestamps.fromEpochNumber(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> Timestamps.fromEpochNumber(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        assertThatThrownBy(() -> Timestamps.fromEpochNumber(3e20)).hasMessageContaining("9999");
    }

    @Test
    void shouldAcceptTheLastMillisecondOfYear9999() {
        assertThat(Timestamps.parse("9999-12-31T23:59:59.999Z")).isEqualTo(Timestamps.MAX_EPOCH_MILLIS);
    }
}
