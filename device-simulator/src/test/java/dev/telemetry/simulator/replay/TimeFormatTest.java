package dev.telemetry.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeFormatTest {

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void shouldReadEpochSecondsWithFractionsFlooredToTheMillisecond() {
        assertThat(TimeFormat.of("epoch-s").toEpochMillis("1594598726.5393324")).isEqualTo(1594598726539L);
        assertThat(TimeFormat.of("epoch-s").toEpochMillis("1594598726")).isEqualTo(1594598726000L);
        assertThat(TimeFormat.of("epoch-ms").toEpochMillis("1594598726539.9")).isEqualTo(1594598726539L);
    }

    @Test
    void shouldReadIsoWithOrWithoutOffsetAndWithoutOneAsUtc() {
        TimeFormat iso = TimeFormat.of("iso");
        assertThat(iso.toEpochMillis("2024-05-01T14:00:00.123+02:00")).isEqualTo(millis("2024-05-01T12:00:00.123Z"));
        assertThat(iso.toEpochMillis("2024-05-01T12:00:00Z")).isEqualTo(millis("2024-05-01T12:00:00Z"));
        assertThat(iso.toEpochMillis("2024-05-01T12:00:00")).isEqualTo(millis("2024-05-01T12:00:00Z"));
    }

    @Test
    void shouldReadAPatternAsUtcLikeNabTimestamps() {
        assertThat(TimeFormat.of("yyyy-MM-dd HH:mm:ss").toEpochMillis("2013-12-02 21:15:00"))
                .isEqualTo(millis("2013-12-02T21:15:00Z"));
    }

    @Test
    void shouldDetectTheFormatInAutoMode() {
        TimeFormat auto = TimeFormat.of("auto");
        assertThat(auto.toEpochMillis("1594598726.5393324")).isEqualTo(1594598726539L); // seconds below 1e11
        assertThat(auto.toEpochMillis("1594598726539")).isEqualTo(1594598726539L);
        assertThat(auto.toEpochMillis("2013-12-02 21:15:00")).isEqualTo(millis("2013-12-02T21:15:00Z"));
        assertThat(auto.toEpochMillis("2013-12-02T21:15:00Z")).isEqualTo(millis("2013-12-02T21:15:00Z"));
    }

    @Test
    void shouldNameTheExpectedFormatWhenATimeDoesNotParse() {
        assertThatThrownBy(() -> TimeFormat.of("epoch-s").toEpochMillis("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yesterday'").hasMessageContaining("epoch seconds");
        assertThatThrownBy(() -> TimeFormat.of("yyyy-MM-dd").toEpochMillis("2013-12-02 21:15:00"))
                .hasMessageContaining("in the pattern 'yyyy-MM-dd'");
        assertThatThrownBy(() -> TimeFormat.of("yyyy-MM-dd qqqq ppp {"))
                .hasMessageContaining("--time-format");
    }
}
