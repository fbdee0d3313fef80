package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlainDecoderTest {

    private static final long RECEIVED_AT = 1_714_564_900_000L;

    private final PlainDecoder decoder = new PlainDecoder(TopicTemplate.parse("sensors/{deviceId}/{metric}"), "gw-1");

    private ReadingValue value(String payload) throws DecodeException {
        return decoder.decode("sensors/dev-1/t", payload.getBytes(StandardCharsets.UTF_8), RECEIVED_AT).get(0).value();
    }

    private Code failure(String topic, byte[] payload) {
        return catchThrowableOfType(DecodeException.class, () -> decoder.decode(topic, payload, RECEIVED_AT)).code();
    }

    @Test
    void shouldTakeDeviceAndMetricFromTheTopicAndTimeFromTheGateway() throws Exception {
        List<Reading> readings = decoder.decode("sensors/dev-1/temperature", "21.5".getBytes(StandardCharsets.UTF_8),
                RECEIVED_AT);

        assertThat(readings).containsExactly(new Reading("dev-1", "temperature", ReadingValue.of(21.5), null,
                RECEIVED_AT, TimeSource.GATEWAY, null, RECEIVED_AT, new Source("sensors/dev-1/temperature", "plain",
                        "gw-1")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"21.5, 21.5", "-3, -3", "1e3, 1000", "' 7 ', 7", "+0.25, 0.25", ".5, 0.5"})
    void shouldReadNumbers(String payload, double expected) throws Exception {
        assertThat(value(payload)).isEqualTo(ReadingValue.of(expected));
    }

    @Test
    void shouldReadBooleansAndText() throws Exception {
        assertThat(value("true")).isEqualTo(ReadingValue.of(true));
        assertThat(value("FALSE")).isEqualTo(ReadingValue.of(false));
        assertThat(value("  door open \n")).isEqualTo(ReadingValue.of("door open"));
        assertThat(value("0x1F")).isEqualTo(ReadingValue.of("0x1F"));
        assertThat(value("12 V")).isEqualTo(ReadingValue.of("12 V"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "inf", "1e999"})
    void shouldRejectNonFiniteValues(String payload) {
        assertThat(failure("sensors/dev-1/t", payload.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Code.NON_FINITE_VALUE);
    }

    @Test
    void shouldRejectEmptyAndNonUtf8Payloads() {
        assertThat(failure("sensors/dev-1/t", new byte[0])).isEqualTo(Code.EMPTY_PAYLOAD);
        assertThat(failure("sensors/dev-1/t", " \t\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(Code.EMPTY_PAYLOAD);
        assertThat(failure("sensors/dev-1/t", new byte[] {(byte) 0xC3, (byte) 0x28})).isEqualTo(Code.INVALID_VALUE);
    }

    @Test
    void shouldRejectInvalidNamesFromTheTopic() {
        byte[] one = "1".getBytes(StandardCharsets.UTF_8);

        assertThat(failure("sensors/dev 1/t", one)).isEqualTo(Code.INVALID_DEVICE_ID);
        assertThat(failure("sensors//t", one)).isEqualTo(Code.INVALID_DEVICE_ID);
        assertThat(failure("sensors/dev-1/t%", one)).isEqualTo(Code.INVALID_METRIC);
        assertThat(failure("sensors/dev-1", one)).isEqualTo(Code.TOPIC_MISMATCH);
    }

    @Test
    void shouldRequireDeviceAndMetricPlaceholders() {
        assertThatThrownBy(() -> new PlainDecoder(TopicTemplate.parse("sensors/{deviceId}"), "gw-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{metric}");
    }
}
