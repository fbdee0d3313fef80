package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
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

class JsonDecoderTest {

    private static final long RECEIVED_AT = 1_714_564_900_000L;
    private static final long TS_MILLIS = 1_714_564_800_123L; // 2024-05-01T12:00:00.123Z

    private final JsonDecoder decoder = new JsonDecoder(TopicTemplate.parse("sensors/{deviceId}"), "gw-1");

    private List<Reading> decode(String topic, String json) throws DecodeException {
        return decoder.decode(topic, json.getBytes(StandardCharsets.UTF_8), RECEIVED_AT);
    }

    private Code failure(String json) {
        return catchThrowableOfType(DecodeException.class, () -> decode("sensors/dev-1", json)).code();
    }

    @Test
    void shouldTurnEachMetricFieldIntoOneReading() throws Exception {
        List<Reading> readings = decode("sensors/dev-1",
                "{\"ts\": 1714564800123, \"seq\": 42, \"temperature\": 21.5, \"humidity\": 40, \"door\": \"open\","
                        + " \"ok\": true}");

        Source source = new Source("sensors/dev-1", "json", "gw-1");
        assertThat(readings).containsExactly(
                new Reading("dev-1", "temperature", ReadingValue.of(21.5), null, TS_MILLIS, TimeSource.DEVICE, 42L,
                        RECEIVED_AT, source),
                new Reading("dev-1", "humidity", ReadingValue.of(40.0), null, TS_MILLIS, TimeSource.DEVICE, 42L,
                        RECEIVED_AT, source),
                new Reading("dev-1", "door", ReadingValue.of("open"), null, TS_MILLIS, TimeSource.DEVICE, 42L,
                        RECEIVED_AT, source),
                new Reading("dev-1", "ok", ReadingValue.of(true), null, TS_MILLIS, TimeSource.DEVICE, 42L,
                        RECEIVED_AT, source));
    }

    @Test
    void shouldTakeTheDeviceIdFromTheTopicWhenThePayloadHasNone() throws Exception {
        assertThat(decode("sensors/dev-7", "{\"t\": 1}")).extracting(Reading::deviceId).containsExactly("dev-7");
    }

    @Test
    void shouldPreferThePayloadDeviceIdOverTheTopic() throws Exception {
        assertThat(decode("sensors/dev-7", "{\"deviceId\": \"dev-9\", \"t\": 1}"))
                .extracting(Reading::deviceId).containsExactly("dev-9");
    }

    @Test
    void shouldTakeTheDeviceIdFromThePayloadWhenTheTemplateHasNone() throws Exception {
        JsonDecoder bulk = new JsonDecoder(TopicTemplate.parse("bulk"), "gw-1");

        List<Reading> readings = bulk.decode("bulk", "{\"deviceId\": \"d-1\", \"t\": 1}".getBytes(
                StandardCharsets.UTF_8), RECEIVED_AT);

        assertThat(readings).extracting(Reading::deviceId).containsExactly("d-1");
    }

    @Test
    void shouldRejectAMessageWithoutAnyDeviceId() {
        JsonDecoder bulk = new JsonDecoder(TopicTemplate.parse("bulk"), "gw-1");

        DecodeException e = catchThrowableOfType(DecodeException.class,
                () -> bulk.decode("bulk", "{\"t\": 1}".getBytes(StandardCharsets.UTF_8), RECEIVED_AT));

        assertThat(e.code()).isEqualTo(Code.INVALID_DEVICE_ID);
        assertThat(e.getMessage()).contains("no device id");
    }

    @ParameterizedTest(name = "ts {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1714564800.123        | 1714564800123",
        "1714564800            | 1714564800000",
        "1714564800123         | 1714564800123",
        "1714564800123456      | 1714564800123",
        "1714564800123456789   | 1714564800123",
        "\"2024-05-01T12:00:00.123Z\"      | 1714564800123",
        "\"2024-05-01T14:00:00.123+02:00\" | 1714564800123",
        "\"1714564800123\"     | 1714564800123"})
    void shouldNormalizeDeviceTimestamps(String ts, long expectedMillis) throws Exception {
        List<Reading> readings = decode("sensors/dev-1", "{\"ts\": " + ts + ", \"t\": 1}");

        assertThat(readings.get(0).eventTime()).isEqualTo(expectedMillis);
        assertThat(readings.get(0).timeSource()).isEqualTo(TimeSource.DEVICE);
    }

    @Test
    void shouldUseTheReceiptTimeWhenThePayloadHasNoTimestamp() throws Exception {
        Reading r = decode("sensors/dev-1", "{\"t\": 1}").get(0);

        assertThat(r.eventTime()).isEqualTo(RECEIVED_AT);
        assertThat(r.timeSource()).isEqualTo(TimeSource.GATEWAY);
        assertThat(r.seq()).isNull();
    }

    @Test
    void shouldCopyTheSequenceNumberToEveryReading() throws Exception {
        assertThat(decode("sensors/dev-1", "{\"seq\": 0, \"a\": 1, \"b\": 2}"))
                .extracting(Reading::seq).containsExactly(0L, 0L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"-1", "1.5", "\"7\"", "null", "99999999999999999999"})
    void shouldRejectASequenceNumberThatIsNotANonNegativeInteger(String seq) {
        assertThat(failure("{\"seq\": " + seq + ", \"t\": 1}")).isEqualTo(Code.INVALID_SEQ);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"t\": 1,}                    | INVALID_JSON",
        "{\"t\": 1} {\"t\": 2}          | INVALID_JSON",
        "{\"t\": 1, \"t\": 2}           | INVALID_JSON",
        "[{\"t\": 1}]                   | NOT_AN_OBJECT",
        "21.5                           | NOT_AN_OBJECT",
        "null                           | NOT_AN_OBJECT",
        "{\"t\": {\"inner\": 1}}        | UNSUPPORTED_VALUE",
        "{\"t\": [1, 2]}                | UNSUPPORTED_VALUE",
        "{\"t\": null}                  | INVALID_VALUE",
        "{\"t\": NaN}                   | NON_FINITE_VALUE",
        "{\"t\": -Infinity}             | NON_FINITE_VALUE",
        "{\"t\": 1e400}                 | NON_FINITE_VALUE",
        "{\"t\": \"NaN\"}               | NON_FINITE_VALUE",
        "{\"deviceId\": \"bad id\", \"t\": 1} | INVALID_DEVICE_ID",
        "{\"deviceId\": 42, \"t\": 1}   | INVALID_DEVICE_ID",
        "{\"bad metric\": 1}            | INVALID_METRIC",
        "{\"deviceId\": \"d\", \"ts\": 1, \"seq\": 1} | NO_METRICS",
        "{}                             | NO_METRICS",
        "{\"ts\": -5, \"t\": 1}         | INVALID_TIMESTAMP",
        "{\"ts\": \"yesterday\", \"t\": 1} | INVALID_TIMESTAMP",
        "{\"ts\": \"2024-05-01T12:00:00\", \"t\": 1} | INVALID_TIMESTAMP",
        "{\"ts\": \"+10000-01-01T00:00:00Z\", \"t\": 1} | INVALID_TIMESTAMP",
        "{\"ts\": true, \"t\": 1}       | INVALID_TIMESTAMP",
        "'   '                          | EMPTY_PAYLOAD"})
    void shouldRejectInvalidPayloadsWithAStableCode(String json, Code expected) {
        assertThat(failure(json.equals("'   '") ? "   " : json)).isEqualTo(expected);
    }

    @Test
    void shouldRejectTheWholeMessageWhenOneFieldIsInvalid() {
        DecodeException e = catchThrowableOfType(DecodeException.class,
                () -> decode("sensors/dev-1", "{\"good\": 1, \"bad\": {\"x\": 1}, \"also\": 2}"));

        assertThat(e.code()).isEqualTo(Code.UNSUPPORTED_VALUE);
        assertThat(e.getMessage()).contains("'bad'");
    }

    @Test
    void shouldAttributeAFailureToTheKnownDevice() {
        DecodeException fromTopic = catchThrowableOfType(DecodeException.class,
                () -> decode("sensors/dev-1", "not json"));
        DecodeException fromPayload = catchThrowableOfType(DecodeException.class,
                () -> decode("sensors/dev-1", "{\"deviceId\": \"dev-2\", \"t\": null}"));
        DecodeException unknown = catchThrowableOfType(DecodeException.class,
                () -> decode("sensors/bad id", "{\"t\": 1}"));

        assertThat(fromTopic.deviceId()).contains("dev-1");
        assertThat(fromPayload.deviceId()).contains("dev-2");
        assertThat(unknown.code()).isEqualTo(Code.INVALID_DEVICE_ID);
        assertThat(unknown.deviceId()).isEmpty();
    }

    @Test
    void shouldRejectATopicThatDoesNotMatchItsTemplate() {
        assertThat(catchThrowableOfType(DecodeException.class, () -> decode("other/dev-1", "{\"t\": 1}")).code())
                .isEqualTo(Code.TOPIC_MISMATCH);
    }
}
