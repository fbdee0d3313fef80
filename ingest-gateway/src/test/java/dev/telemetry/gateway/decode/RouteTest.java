package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "sensors/+, sensors/dev-1, true",
        "sensors/+, sensors/dev-1/t, false",
        "sensors/+, sensors, false",
        "sensors/#, sensors, true",
        "sensors/#, sensors/a/b/c, true",
        "sensors/+/senml, sensors/d/senml, true",
        "sensors/+/senml, sensors/d/json, false",
        "$share/gw/spBv1.0/#, spBv1.0/g/NDATA/e, true",
        "#, $SYS/broker/load, false",
        "+/x, $SYS/x, false",
        "$SYS/#, $SYS/x, true",
        "a//b, a//b, true"})
    void shouldMatchTopicsLikeAnMqttBroker(String filter, String topic, boolean matches) {
        Route r = new Route("r", filter, SparkplugDecoder.FORMAT, null);

        assertThat(r.matches(topic)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "application/json                 | json",
        "Application/JSON; charset=utf-8  | json",
        "text/plain                       | plain",
        "application/senml+json           | senml-json",
        "application/senml+cbor           | senml-cbor",
        "application/xml                  | ",
        "''                               | "})
    void shouldMapContentTypesToFormats(String contentType, String format) {
        assertThat(Route.formatOfContentType(contentType)).isEqualTo(format);
    }

    @org.junit.jupiter.api.Test
    void shouldRejectRoutesThatCannotWork() {
        assertThatThrownBy(() -> new Route("r", "a/#", "xml", TopicTemplate.parse("a/{deviceId}")))
                .hasMessageContaining("format must be one of");
        assertThatThrownBy(() -> new Route("r", "a/#", "json", null)).hasMessageContaining("needs a topic template");
        assertThatThrownBy(() -> new Route("r", "a/+", "plain", TopicTemplate.parse("a/{deviceId}")))
                .hasMessageContaining("{deviceId} and {metric}");
    }
}
