package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Hand-written inputs for the streaming codecs, one per rule of databind's that they must keep: what stays on
 * the fast path, what databind accepts only by coercion or by accident of its creator handling (and so is
 * left to it), and what both reject, with a message naming the field.
 */
class StreamingCodecInputsTest {

    private static final String SOURCE = "\"source\":{\"mqttTopic\":\"t\",\"format\":\"json\",\"gatewayId\":\"g\"}";
    private static final String READING = "{\"deviceId\":\"d\",\"metric\":\"m\",\"value\":3,\"unit\":\"Cel\","
            + "\"eventTime\":5,\"timeSource\":\"DEVICE\",\"seq\":7,\"receivedAt\":6," + SOURCE + "}";
    private static final Reading EXPECTED = new Reading("d", "m", ReadingValue.of(3.0), "Cel", 5, TimeSource.DEVICE,
            7L, 6, new Source("t", "json", "g"));
    private static final String COUNTERS = "\"counters\":{\"accepted\":2,\"late\":1,\"duplicates\":0,"
            + "\"outOfOrder\":1,\"sequenceGaps\":0}";
    private static final String STATE = "{\"deviceId\":\"d\",\"metrics\":{\"m\":{\"value\":true,\"eventTime\":1,"
            + "\"timeSource\":\"GATEWAY\",\"receivedAt\":2}},\"lastSeen\":3,\"lastReceived\":5,\"status\":\"ONLINE\","
            + COUNTERS + "}";

    @Test
    void shouldReadReorderedFieldsUnknownFieldsAndNullOptionalsOnTheFastPath() {
        String json = "{\"quality\":{\"a\":[1,{\"b\":null}],\"c\":\"x\"}," + SOURCE + ",\"receivedAt\":6,\"seq\":7,"
                + "\"timeSource\":\"DEVICE\",\"eventTime\":5,\"unit\":\"Cel\",\"tags\":[[],{}],\"value\":3,"
                + "\"metric\":\"m\",\"deviceId\":\"d\"}";

        assertThat(fastReading(json)).isEqualTo(EXPECTED);
        assertThat(fastReading(READING.replace("\"Cel\"", "null").replace("\"seq\":7", "\"seq\":null")))
                .isEqualTo(new Reading("d", "m", ReadingValue.of(3.0), null, 5, TimeSource.DEVICE, null, 6,
                        new Source("t", "json", "g")));
        assertThat(fastReading(READING.replace(SOURCE, SOURCE.replace("}", ",\"broker\":{\"x\":[]}}"))))
                .isEqualTo(EXPECTED);
    }

    @Test
    void shouldIgnoreTrailingTokensAsDatabindDoes() {
        // FAIL_ON_TRAILING_TOKENS is off: databind stops at the end of the root object
        assertThat(fastReading(READING + " trailing garbage")).isEqualTo(EXPECTED);
        assertThat(fastReading(READING + "}")).isEqualTo(EXPECTED);
        assertThat(agreeing(TelemetrySerdes.reading(), new JsonSerde<>(Reading.class), READING + "{\"x\":"))
                .isEqualTo(new SerdeOutcome(EXPECTED, null));
    }

    @Test
    void shouldLeaveCoercedScalarsToDatabind() {
        // databind coerces these; the fast path leaves them, and the serde returns databind's value
        assertReading(READING.replace("\"eventTime\":5", "\"eventTime\":\"5\""), EXPECTED);
        assertReading(READING.replace("\"eventTime\":5", "\"eventTime\":5.7"), EXPECTED);
        assertReading(READING.replace("\"seq\":7", "\"seq\":\"7\""), EXPECTED);
        assertReading(READING.replace("\"timeSource\":\"DEVICE\"", "\"timeSource\":1"),
                new Reading("d", "m", ReadingValue.of(3.0), "Cel", 5, TimeSource.GATEWAY, 7L, 6,
                        new Source("t", "json", "g")));
        assertReading(READING.replace("\"metric\":\"m\"", "\"metric\":42"), new Reading("d", "42",
                ReadingValue.of(3.0), "Cel", 5, TimeSource.DEVICE, 7L, 6, new Source("t", "json", "g")));
    }

    @Test
    void shouldKeepTheLastOfADuplicatedFieldOnlyWhileAConstructorParameterIsMissing() {
        // databind's creator buffer: a repeated field overwrites until all nine are seen; after that it fails
        String withoutSeq = READING.replace("\"seq\":7,", "");
        assertReading(withoutSeq.replace("{\"deviceId\":\"d\"", "{\"deviceId\":\"x\",\"deviceId\":\"d\""),
                new Reading("d", "m", ReadingValue.of(3.0), "Cel", 5, TimeSource.DEVICE, null, 6,
                        new Source("t", "json", "g")));
        assertRejected(READING.replace("}}", "},\"deviceId\":\"e\"}"), "deviceId");
        assertRejected(STATE.replace("}}", "},\"maxSeq\":4,\"maxSeq\":5}"), TelemetrySerdes.deviceState(),
                new JsonSerde<>(DeviceState.class), "maxSeq");
    }

    @Test
    void shouldRejectWhatDatabindRejectsNamingTheField() {
        assertRejected(READING.replace("\"eventTime\":5,", ""), "eventTime");
        assertRejected(READING.replace("\"eventTime\":5", "\"eventTime\":null"), "eventTime");
        assertRejected(READING.replace("\"eventTime\":5", "\"eventTime\":true"), "eventTime");
        assertRejected(READING.replace("\"eventTime\":5", "\"eventTime\":9223372036854775808"), "eventTime");
        assertRejected(READING.replace("\"deviceId\":\"d\"", "\"deviceId\":\"a b\""), "deviceId");
        assertRejected(READING.replace("\"deviceId\":\"d\",", ""), "deviceId");
        assertRejected(READING.replace("\"value\":3", "\"value\":null"), "value");
        assertRejected(READING.replace("\"value\":3", "\"value\":[3]"), "ReadingValue");
        assertRejected(READING.replace("\"value\":3", "\"value\":1e400"), "finite");
        assertRejected(READING.replace("\"DEVICE\"", "\"device\""), "TimeSource");
        assertRejected(READING.replace(SOURCE, "\"source\":null"), "source");
        assertRejected(READING.replace("\"format\":\"json\",", ""), "format");
        assertRejected(READING.replace("\"seq\":7", "\"seq\":{}"), "seq");
        assertRejected(READING.replace("\"value\":3", "\"value\":1" + "0".repeat(100)), "Number value length");
        assertRejected("[" + READING + "]", "Reading");
        assertRejected(READING.substring(0, 40), "end-of-input");
    }

    @Test
    void shouldBoundNestingOfUnknownFieldsAsDatabindDoes() {
        String within = READING.replace("}}", "},\"x\":" + "[".repeat(60) + "]".repeat(60) + "}");
        String beyond = READING.replace("}}", "},\"x\":" + "[".repeat(70) + "]".repeat(70) + "}");

        assertThat(fastReading(within)).isEqualTo(EXPECTED);
        assertRejected(beyond, "nesting depth");
    }

    @Test
    void shouldReadNumbersAsDatabindDoes() {
        assertThat(fastReading(READING.replace("\"value\":3", "\"value\":123456789012345678901234567890")).value())
                .isEqualTo(ReadingValue.of(1.2345678901234568E29));
        assertThat(fastReading(READING.replace("\"value\":3", "\"value\":-0.0")).value())
                .isEqualTo(ReadingValue.of(-0.0));
        assertThat(fastReading(READING.replace("\"value\":3", "\"value\":1E-400")).value())
                .isEqualTo(ReadingValue.of(0.0));
        assertThat(fastReading(READING.replace("\"eventTime\":5", "\"eventTime\":-9223372036854775808")).eventTime())
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldReadDeviceStatesWithAbsentOrNullOptionalsOnTheFastPath() {
        DeviceState state = DeviceStateCodec.INSTANCE.readFast(bytes(STATE.replace("\"sequenceGaps\":0",
                "\"sequenceGaps\":0,\"tooLateForWindow\":null") .replace("}}}", "}},\"maxSeq\":null,\"x\":[{}]")));
        DeviceState bare = DeviceStateCodec.INSTANCE.readFast(
                bytes("{\"deviceId\":\"d\",\"metrics\":null,\"lastSeen\":3,\"lastReceived\":5,\"status\":\"OFFLINE\"}"));

        assertThat(state).isNotNull();
        assertThat(state.counters()).isEqualTo(new DeviceCounters(2, 1, 0, 1, 0, 0));
        assertThat(state.maxSeq()).isNull();
        assertThat(bare).isEqualTo(new DeviceState("d", null, 3, 5, DeviceStatus.OFFLINE, null, null));
    }

    @Test
    void shouldLeaveNullMetricsAndMissingCountersToDatabind() {
        // databind keeps a null metric (it never writes one) and rejects a missing counter under FAIL_ON_NULL_FOR_PRIMITIVES
        Serde<DeviceState> fast = TelemetrySerdes.deviceState();
        Serde<DeviceState> databind = new JsonSerde<>(DeviceState.class);
        String nullMetric = STATE.replace("{\"m\":", "{\"n\":null,\"m\":");

        assertThat(DeviceStateCodec.INSTANCE.readFast(bytes(nullMetric))).isNull();
        assertThat(agreeing(fast, databind, nullMetric).value()).isInstanceOf(DeviceState.class);
        assertRejected(STATE.replace("\"late\":1,", ""), fast, databind, "late");
        assertRejected(STATE.replace("\"eventTime\":1,", ""), fast, databind, "eventTime");
        assertRejected(STATE.replace("\"ONLINE\"", "null"), fast, databind, "status");
    }

    @Test
    void shouldReadEmptyAndNullRootsAsDatabindDoes() {
        assertThat(agreeing(TelemetrySerdes.reading(), new JsonSerde<>(Reading.class), "null").value())
                .isEqualTo("null");
        assertRejected("", "end-of-input");
    }

    private static Reading fastReading(String json) {
        Reading fast = ReadingCodec.INSTANCE.readFast(bytes(json));
        assertThat(fast).as("fast path for %s", json).isNotNull();
        assertThat(agreeing(TelemetrySerdes.reading(), new JsonSerde<>(Reading.class), json).value()).isEqualTo(fast);
        return fast;
    }

    private static void assertReading(String json, Reading expected) {
        assertThat(ReadingCodec.INSTANCE.readFast(bytes(json))).as("fast path for %s", json).isNull();
        assertThat(agreeing(TelemetrySerdes.reading(), new JsonSerde<>(Reading.class), json).value())
                .isEqualTo(expected);
    }

    private static void assertRejected(String json, String naming) {
        assertRejected(json, TelemetrySerdes.reading(), new JsonSerde<>(Reading.class), naming);
    }

    private static <T> void assertRejected(String json, Serde<T> fast, Serde<T> databind, String naming) {
        assertThat(agreeing(fast, databind, json).failed()).as("rejected: %s", json).isTrue();
        assertThatThrownBy(() -> fast.deserializer().deserialize("topic", bytes(json)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("from topic topic")
                .hasMessageContaining(naming);
    }

    /** The outcome of the fast serde, after checking that databind's is the same. */
    private static <T> SerdeOutcome agreeing(Serde<T> fast, Serde<T> databind, String json) {
        SerdeOutcome outcome = SerdeOutcome.of(fast, bytes(json));
        assertThat(outcome).as(json).isEqualTo(SerdeOutcome.of(databind, bytes(json)));
        return outcome;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
