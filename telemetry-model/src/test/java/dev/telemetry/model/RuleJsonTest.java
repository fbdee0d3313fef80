package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleJsonTest {

    @Test
    void shouldReadTheDocumentedExampleAndFillInDefaults() throws Exception {
        Rule rule = Json.mapper().readValue("""
                {"id": "boiler-overheat", "devices": "boiler-*", "metric": "temperature",
                 "condition": {"type": "above", "threshold": 80, "hysteresis": 2},
                 "severity": "critical", "for": "30s", "clearFor": "PT1M"}""", Rule.class);

        assertThat(rule.id()).isEqualTo("boiler-overheat");
        assertThat(rule.condition()).isEqualTo(Rule.Condition.above(80).withHysteresis(2));
        assertThat(rule.forDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(rule.clearFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rule.tags()).isEmpty();
        assertThat(rule.enabled()).isTrue();
    }

    @Test
    void shouldWriteDurationsAsShortTextAndRoundTrip() throws Exception {
        Rule rule = Rule.of("r1", null, "humidity", Rule.Condition.noData(Duration.ofSeconds(90)))
                .withTiming(Duration.ofMillis(1500), Duration.ofHours(2)).withTags(Map.of("topic", "plant-7/*"));

        String json = Json.mapper().writeValueAsString(rule);

        assertThat(json).contains("\"for\":\"1500ms\"", "\"clearFor\":\"2h\"", "\"duration\":\"90s\"",
                "\"devices\":\"*\"", "\"severity\":\"warning\"", "\"tags\":{\"topic\":\"plant-7/*\"}");
        assertThat(json).doesNotContain("forDuration", "hysteresis");
        assertThat(Json.mapper().readValue(json, Rule.class)).isEqualTo(rule);
        assertThat(TelemetrySerdes.rule().deserializer().deserialize("t",
                TelemetrySerdes.rule().serializer().serialize("t", rule))).isEqualTo(rule);
    }

    @Test
    void shouldSayPreciselyWhatIsWrong() {
        assertInvalid(() -> Rule.of("bad id", null, "t", Rule.Condition.above(1)), "id must be");
        assertInvalid(() -> Rule.of("r", "dev?", "t", Rule.Condition.above(1)), "devices must be");
        assertInvalid(() -> Rule.of("r", null, "", Rule.Condition.above(1)), "metric must be");
        assertInvalid(() -> Rule.of("r", null, "t", null), "condition is required");
        assertInvalid(() -> Rule.of("r", null, "t", Rule.Condition.above(1)).withSeverity("urgent"),
                "severity must be one of [info, warning, critical]");
        assertInvalid(() -> Rule.of("r", null, "t", Rule.Condition.above(1)).withTiming(Duration.ofSeconds(-1), null),
                "for must be zero or positive");
        assertInvalid(() -> Rule.of("r", null, "t", Rule.Condition.above(1)).withTags(Map.of("site", "x")),
                "tags.site is not a known tag");
        assertInvalid(() -> new Rule.Condition("between", 1.0, null, null, null, null, null),
                "condition.type must be one of");
        assertInvalid(() -> new Rule.Condition("above", null, null, null, null, null, null),
                "condition.threshold is required for type 'above'");
        assertInvalid(() -> new Rule.Condition("above", 1.0, 0.0, null, null, null, null),
                "condition.low does not apply to type 'above'");
        assertInvalid(() -> Rule.Condition.outside(5, 1), "condition.low (5.0) must be less than condition.high");
        assertInvalid(() -> Rule.Condition.outside(0, 10).withHysteresis(5), "half of high - low");
        assertInvalid(() -> Rule.Condition.above(1).withHysteresis(-1), "condition.hysteresis must not be negative");
        assertInvalid(() -> Rule.Condition.rate(0), "must be positive");
        assertInvalid(() -> Rule.Condition.noData(Duration.ZERO), "condition.duration must be positive");
        assertInvalid(() -> Rule.Condition.flatline(Duration.ofDays(31), 0), "condition.duration must be at most 30d");
        assertInvalid(() -> Rule.Condition.outlier(1.5), "score in (0, 1]");
        assertInvalid(() -> Rule.Condition.above(Double.NaN), "condition.threshold must be a finite number");
    }

    @Test
    void shouldRejectANumberWhereADurationBelongs() {
        assertThatThrownBy(() -> Json.mapper().readValue("""
                {"id": "r", "metric": "t", "condition": {"type": "nodata", "duration": 30}}""", Rule.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("duration string");
    }

    private static void assertInvalid(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
