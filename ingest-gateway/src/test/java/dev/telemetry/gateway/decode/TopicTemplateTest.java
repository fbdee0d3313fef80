package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicTemplateTest {

    @Test
    void shouldCapturePlaceholdersOfAMatchingTopic() {
        TopicTemplate t = TopicTemplate.parse("sensors/{deviceId}/{metric}");

        assertThat(t.match("sensors/dev-1/temperature"))
                .contains(Map.of("deviceId", "dev-1", "metric", "temperature"));
        assertThat(t.placeholders()).containsExactly("deviceId", "metric");
    }

    @Test
    void shouldRequireEqualLiteralLevels() {
        TopicTemplate t = TopicTemplate.parse("sensors/{deviceId}");

        assertThat(t.match("Sensors/dev-1")).isEmpty();
        assertThat(t.match("actuators/dev-1")).isEmpty();
    }

    @Test
    void shouldRequireTheSameNumberOfLevels() {
        TopicTemplate t = TopicTemplate.parse("sensors/{deviceId}");

        assertThat(t.match("sensors")).isEmpty();
        assertThat(t.match("sensors/dev-1/temperature")).isEmpty();
        assertThat(t.match("sensors/dev-1/")).isEmpty();
    }

    @Test
    void shouldMatchExactlyOneLevelPerPlaceholderEvenAnEmptyOne() {
        TopicTemplate t = TopicTemplate.parse("sensors/{deviceId}");

        assertThat(t.match("sensors/")).contains(Map.of("deviceId", ""));
    }

    @Test
    void shouldMatchLiteralOnlyTemplates() {
        assertThat(TopicTemplate.parse("plant/line-1").match("plant/line-1")).contains(Map.of());
    }

    @Test
    void shouldRejectWildcards() {
        assertThatThrownBy(() -> TopicTemplate.parse("sensors/+/temp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wildcard").hasMessageContaining("level 2");
        assertThatThrownBy(() -> TopicTemplate.parse("sensors/#"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
    }

    @Test
    void shouldRejectPartialAndMalformedPlaceholders() {
        assertThatThrownBy(() -> TopicTemplate.parse("sensors/dev-{deviceId}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dev-{deviceId}'").hasMessageContaining("whole placeholder");
        assertThatThrownBy(() -> TopicTemplate.parse("sensors/{1x}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicTemplate.parse("sensors/{deviceId"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectDuplicatePlaceholdersAndEmptyTemplates() {
        assertThatThrownBy(() -> TopicTemplate.parse("a/{deviceId}/{deviceId}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> TopicTemplate.parse(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void shouldDetectOverlappingTemplates() {
        TopicTemplate json = TopicTemplate.parse("sensors/{deviceId}");

        assertThat(json.overlaps(TopicTemplate.parse("sensors/{deviceId}/{metric}"))).isFalse();
        assertThat(json.overlaps(TopicTemplate.parse("{site}/{deviceId}"))).isTrue();
        assertThat(json.overlaps(TopicTemplate.parse("plain/{deviceId}"))).isFalse();
    }
}
