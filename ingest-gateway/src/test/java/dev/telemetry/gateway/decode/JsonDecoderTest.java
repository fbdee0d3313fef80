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
        "[{\"t\": 1}, 2]                | NOT_AN_OBJECT",
        "[]                             | NO_METRICS",
        "[{\"t\": 1}, {\"t\": NaN}]     | NON_FINITE_VALUE",
        "21.5                           | NOT_AN_OBJECT",
        "null                           | NOT_AN_OBJECT",
        "{\"t\": {\"inner\": [1]}}      | UNSUPPORTED_VALUE",
        "{\"t\": {\"inner\": null}}     | INVALID_VALUE",
        "{\"t\": {}}                    | NO_METRICS",
        "{\"t.a\": 1, \"t\": {\"a\": 2}} | DUPLICATE_METRIC",
        "{\"t\": {\"bad name\": 1}}     | INVALID_METRIC",
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
                () -> decode("sensors/dev-1", "{\"good\": 1, \"bad\": [1], \"also\": 2}"));

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

    @Test
    void shouldFlattenNestedObjectsToDottedMetricNames() throws Exception {
        List<Reading> readings = decode("sensors/dev-1",
                "{\"ts\": 1714564800123, \"env\": {\"t\": 21.5, \"air\": {\"rh\": 40, \"ok\": true}}, \"door\": \"open\"}");

        assertThat(readings).extracting(Reading::metric, r -> r.value().raw())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("env.t", 21.5),
                        org.assertj.core.groups.Tuple.tuple("env.air.rh", 40.0),
                        org.assertj.core.groups.Tuple.tuple("env.air.ok", true),
                        org.assertj.core.groups.Tuple.tuple("door", "open"));
        assertThat(readings).extracting(Reading::eventTime).containsOnly(TS_MILLIS);
    }

    @Test
    void shouldReserveFieldNamesOnlyAtTheTopLevel() throws Exception {
        List<Reading> readings = decode("sensors/dev-1", "{\"meta\": {\"ts\": 5, \"deviceId\": \"x\", \"seq\": 1}}");

        assertThat(readings).extracting(Reading::metric).containsExactly("meta.ts", "meta.deviceId", "meta.seq");
        assertThat(readings).extracting(Reading::deviceId).containsOnly("dev-1");
        assertThat(readings.get(0).timeSource()).isEqualTo(TimeSource.GATEWAY);
    }

    @Test
    void shouldDecodeEachObjectOfATopLevelArrayOnItsOwn() throws Exception {
        List<Reading> readings = decode("sensors/dev-1", "[{\"ts\": 1714564800123, \"seq\": 1, \"t\": 1},"
                + " {\"deviceId\": \"dev-2\", \"seq\": 2, \"t\": 2, \"env\": {\"rh\": 3}}, {\"t\": 4}]");

        assertThat(readings).extracting(Reading::deviceId, Reading::metric, Reading::eventTime, Reading::seq)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dev-1", "t", TS_MILLIS, 1L),
                        org.assertj.core.groups.Tuple.tuple("dev-2", "t", RECEIVED_AT, 2L),
                        org.assertj.core.groups.Tuple.tuple("dev-2", "env.rh", RECEIVED_AT, 2L),
                        org.assertj.core.groups.Tuple.tuple("dev-1", "t", RECEIVED_AT, null));
    }

    @Test
    void shouldNameTheBadArrayElementAndItsDevice() {
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> decode("sensors/dev-1",
                "[{\"t\": 1}, {\"deviceId\": \"dev-3\", \"ts\": \"yesterday\", \"t\": 2}]"));

        assertThat(e.code()).isEqualTo(Code.INVALID_TIMESTAMP);
        assertThat(e.getMessage()).startsWith("array element 1: ");
        assertThat(e.deviceId()).contains("dev-3");
    }

    @Test
    void shouldUseConfiguredFieldNames() throws Exception {
        JsonDecoder custom = new JsonDecoder(TopicTemplate.parse("bulk"), "gw-1", new JsonFields("id", "time", "n"));

        List<Reading> readings = custom.decode("bulk", ("{\"id\": \"d-1\", \"time\": \"2024-05-01T12:00:00.123Z\","
                + " \"n\": 7, \"ts\": 3, \"deviceId\": \"x\"}").getBytes(StandardCharsets.UTF_8), RECEIVED_AT);

        assertThat(readings).extracting(Reading::deviceId, Reading::eventTime, Reading::seq)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("d-1", TS_MILLIS, 7L));
        // the default names are ordinary metrics once other names are configured
        assertThat(readings).extracting(Reading::metric).containsExactly("ts", "deviceId");
    }

    @Test
    void shouldNameTheConfiguredFieldInErrors() {
        JsonDecoder custom = new JsonDecoder(TopicTemplate.parse("bulk"), "gw-1", new JsonFields("id", "time", "n"));

        DecodeException e = catchThrowableOfType(DecodeException.class, () -> custom.decode("bulk",
                "{\"id\": \"d-1\", \"n\": -1, \"t\": 1}".getBytes(StandardCharsets.UTF_8), RECEIVED_AT));

        assertThat(e.code()).isEqualTo(Code.INVALID_SEQ);
        assertThat(e.getMessage()).startsWith("n must be");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a.b|ts|seq", "''|ts|seq", "id|id|seq", "id|ts|ts", "' id'|ts|seq"})
    void shouldRejectInvalidFieldNames(String deviceId, String time, String seq) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JsonFields(deviceId, time, seq))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
