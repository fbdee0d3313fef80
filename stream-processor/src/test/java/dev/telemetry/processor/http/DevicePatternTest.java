package dev.telemetry.processor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DevicePatternTest {

    @Test
    void shouldMatchStarsAsAnyRunOfCharacters() {
        assertThat(DevicePattern.parse("device", "boiler-*").matches("boiler-7")).isTrue();
        assertThat(DevicePattern.parse("device", "boiler-*").matches("boiler-")).isTrue();
        assertThat(DevicePattern.parse("device", "boiler-*").matches("old-boiler-7")).isFalse();
        assertThat(DevicePattern.parse("device", "*/temp*").matches("site-1/floor-2/temp-3")).isTrue();
        assertThat(DevicePattern.parse("device", "a*b*c").matches("aXbYbZc")).isTrue();
        assertThat(DevicePattern.parse("device", "a*b*c").matches("aXbYc-")).isFalse();
        assertThat(DevicePattern.parse("device", "exact.id").matches("exact.id")).isTrue();
        assertThat(DevicePattern.parse("device", "exact.id").matches("exactXid")).isFalse();
        assertThat(DevicePattern.parse("device", "**").matches("anything")).isTrue();
    }

    /** A regular expression with one .* per star backtracks for ages on this; the wildcard walk does not. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldAnswerAdversarialPatternsWithoutBacktracking() {
        String pattern = "*a".repeat(60) + "*b";
        String id = "a".repeat(200);

        assertThat(DevicePattern.parse("device", pattern).matches(id)).isFalse();
        assertThat(DevicePattern.parse("device", pattern).matches(id.substring(1) + "b")).isTrue();
    }

    @Test
    void shouldRejectIllFormedPatternsNamingTheParameter() {
        assertThatThrownBy(() -> DevicePattern.parse("device", "boiler-[0-9]")).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("device: a device id pattern of");
        assertThatThrownBy(() -> DevicePattern.parse("device", "x".repeat(201))).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> DevicePattern.parse("device", "boiler 7")).isInstanceOf(ApiException.class);
    }
}
