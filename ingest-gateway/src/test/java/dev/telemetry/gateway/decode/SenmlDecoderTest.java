package dev.telemetry.gateway.decode;

import static dev.telemetry.gateway.decode.SenmlOracleTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenmlDecoderTest {

    private static final long RECEIVED_AT = 1_700_000_000_000L;

    private final SenmlDecoder json = SenmlDecoder.json(TopicTemplate.parse("senml/{deviceId}"), "gw-1");
    private final SenmlDecoder jsonNoTopicDevice = SenmlDecoder.json(TopicTemplate.parse("senml"), "gw-1");
    private final SenmlDecoder cbor = SenmlDecoder.cbor(TopicTemplate.parse("senml/{deviceId}"), "gw-1");

    private List<Reading> decode(String pack) throws DecodeException {
        return json.decode("senml/dev-9", pack.getBytes(StandardCharsets.UTF_8), RECEIVED_AT);
    }

    @Test
    void shouldTakeTheDeviceFromTheBaseNameAndTheMetricFromTheName() throws Exception {
        List<Reading> readings = json.decode("senml/dev-9", resource("ex7.json"), RECEIVED_AT);

        Source source = new Source("senml/dev-9", "senml-json", "gw-1");
        String device = "urn:dev:ow:10e2073a01080063";
        assertThat(readings).containsExactly(
                new Reading(device, "temp", ReadingValue.of(23.1), "Cel", RECEIVED_AT, TimeSource.GATEWAY, null,
                        RECEIVED_AT, source),
                new Reading(device, "label", ReadingValue.of("Machine Room"), null, RECEIVED_AT, TimeSource.GATEWAY,
                        null, RECEIVED_AT, source),
                new Reading(device, "open", ReadingValue.of(false), null, RECEIVED_AT, TimeSource.GATEWAY, null,
                        RECEIVED_AT, source),
                new Reading(device, "nfv-reader", ReadingValue.of("aGkgCg"), null, RECEIVED_AT, TimeSource.GATEWAY,
                        null, RECEIVED_AT, source));
    }

    @Test
    void shouldNameUnnamedRecordsAfterTheirUnitAndKeepDeviceTime() throws Exception {
        List<Reading> readings = json.decode("senml/dev-9", resource("ex5.json"), RECEIVED_AT);

        assertThat(readings).hasSize(13);
        assertThat(readings).extracting(Reading::deviceId).containsOnly("urn:dev:ow:10e2073a01080063");
        assertThat(readings).extracting(Reading::timeSource).containsOnly(TimeSource.DEVICE);
        assertThat(readings.subList(0, 4)).extracting(Reading::metric, Reading::unit, Reading::eventTime)
                .containsExactly(
                        tuple("pctRH", "%RH", 1_320_067_464_000L),
                        tuple("lon", "lon", 1_320_067_464_000L),
                        tuple("lat", "lat", 1_320_067_464_000L),
                        tuple("pctRH", "%RH", 1_320_067_524_000L));
        assertThat(readings.get(9)).extracting(Reading::metric, r -> r.value().raw())
                .containsExactly("pctEL", 98.0);
    }

    @Test
    void shouldGiveEachBaseNameItsOwnDevice() throws Exception {
        List<Reading> readings = json.decode("senml/dev-9", resource("ex6.json"), RECEIVED_AT);

        assertThat(readings).extracting(Reading::deviceId, Reading::metric, Reading::unit).containsExactly(
                tuple("2001:db8::2", "temperature", "Cel"),
                tuple("2001:db8::2", "humidity", "%RH"),
                tuple("2001:db8::1", "temperature", "Cel"),
                tuple("2001:db8::1", "humidity", "%RH"));
    }

    @Test
    void shouldUseTheTopicDeviceWhenThePackHasNoBaseName() throws Exception {
        List<Reading> readings = json.decode("senml/dev-9", resource("ex10.json"), RECEIVED_AT);

        assertThat(readings).extracting(Reading::deviceId, Reading::metric, Reading::eventTime).containsExactly(
                tuple("dev-9", "urn:dev:ow:10e2073a01080063", 1_276_020_076_000L),
                tuple("dev-9", "urn:dev:ow:10e2073a01080063", 1_276_020_091_000L));
    }

    @Test
    void shouldUseTheNameAsDeviceWhenNeitherBaseNameNorTopicNamesOne() throws Exception {
        List<Reading> readings = jsonNoTopicDevice.decode("senml", resource("ex1.json"), RECEIVED_AT);

        assertThat(readings).extracting(Reading::deviceId, Reading::metric, Reading::unit, Reading::timeSource)
                .containsExactly(tuple("urn:dev:ow:10e2073a01080063", "Cel", "Cel", TimeSource.GATEWAY));
    }

    @Test
    void shouldResolveRelativeTimesAgainstTheReceiptTime() throws Exception {
        List<Reading> readings = decode("[{\"n\":\"a\",\"v\":1,\"t\":-5},{\"n\":\"a\",\"v\":2,\"t\":-0.5},"
                + "{\"n\":\"a\",\"v\":3}]");

        assertThat(readings).extracting(Reading::eventTime, Reading::timeSource).containsExactly(
                tuple(RECEIVED_AT - 5000, TimeSource.GATEWAY),
                tuple(RECEIVED_AT - 500, TimeSource.GATEWAY),
                tuple(RECEIVED_AT, TimeSource.GATEWAY));
    }

    @Test
    void shouldApplyBaseValueAndBaseSum() throws Exception {
        List<Reading> readings = decode("[{\"bn\":\"meter-1/\",\"bt\":1700000000,\"bv\":10,\"bs\":100,"
                + "\"n\":\"energy\",\"u\":\"W\",\"v\":5,\"s\":20},{\"n\":\"energy\",\"u\":\"W\",\"t\":60,\"s\":30},"
                + "{\"n\":\"power\",\"t\":60,\"v\":2.5}]");

        assertThat(readings).extracting(Reading::deviceId).containsOnly("meter-1");
        assertThat(readings).extracting(Reading::metric, r -> r.value().raw(), Reading::unit, Reading::eventTime)
                .containsExactly(
                        tuple("energy", 15.0, "W", 1_700_000_000_000L),
                        tuple("energy.sum", 120.0, null, 1_700_000_000_000L),
                        tuple("energy.sum", 130.0, null, 1_700_000_060_000L),
                        // bs stays in effect, so every later record has a sum too (RFC 8428 4.5.4)
                        tuple("power", 12.5, null, 1_700_000_060_000L),
                        tuple("power.sum", 100.0, null, 1_700_000_060_000L));
    }

    @Test
    void shouldKeepMillisecondsOfFractionalTimes() throws Exception {
        List<Reading> readings = json.decode("senml/dev-9", resource("ex3.json"), RECEIVED_AT);

        assertThat(readings).extracting(Reading::metric, Reading::eventTime).startsWith(
                tuple("current", 1_276_020_071_001L));
        assertThat(readings).extracting(Reading::metric, Reading::unit).contains(tuple("voltage", "V"),
                tuple("current", "A"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}                                                   | INVALID_SENML",
        "[1]                                                  | INVALID_SENML",
        "[{\"n\":\"a\",\"v\":1,\"vs\":\"x\"}]                 | INVALID_SENML",
        "[{\"n\":\"a\",\"v\":\"1\"}]                          | INVALID_SENML",
        "[{\"n\":\"a\",\"vb\":\"true\"}]                      | INVALID_SENML",
        "[{\"n\":1,\"v\":1}]                                  | INVALID_SENML",
        "[{\"n\":\"-a\",\"v\":1}]                             | INVALID_SENML",
        "[{\"n\":\"a b\",\"v\":1}]                            | INVALID_SENML",
        "[{\"n\":\"a\",\"v\":1,\"t\":\"now\"}]                | INVALID_SENML",
        "[{\"bver\":5,\"n\":\"a\",\"v\":1},{\"bver\":10,\"n\":\"b\",\"v\":1}] | INVALID_SENML",
        "[{\"bver\":0,\"n\":\"a\",\"v\":1}]                   | INVALID_SENML",
        "[{\"n\":\"a\",\"v\":1},{\"bver\":5,\"n\":\"b\",\"v\":1}]  | INVALID_SENML",
        "[{\"bver\":11,\"n\":\"a\",\"v\":1}]                  | UNSUPPORTED_SENML_VERSION",
        "[{\"n\":\"a\",\"v\":1,\"x_\":1}]                     | UNSUPPORTED_SENML_FIELD",
        "[{\"n\":\"a\",\"v\":NaN}]                            | NON_FINITE_VALUE",
        "[{\"n\":\"a\",\"v\":1e400}]                          | NON_FINITE_VALUE",
        "[{\"bn\":\"d/\",\"bv\":1e308,\"n\":\"a\",\"v\":1e308}] | NON_FINITE_VALUE",
        "[{\"n\":\"a\",\"vs\":\"NaN\"}]                       | NON_FINITE_VALUE",
        "[{\"n\":\"a\",\"s\":Infinity}]                       | NON_FINITE_VALUE",
        "[{\"bn\":\"d/\",\"u\":\"m s\",\"v\":1}]              | INVALID_METRIC",
        "[{\"bn\":\"d\",\"n\":\"%s\",\"v\":1}]                | INVALID_METRIC",
        "[{\"bn\":\"%s/\",\"n\":\"a\",\"v\":1}]               | INVALID_DEVICE_ID",
        "[{\"n\":\"a\",\"vd\":\"not*base64\"}]                | INVALID_VALUE",
        "[{\"n\":\"a\",\"v\":1,\"t\":-1e12}]                  | INVALID_TIMESTAMP",
        "[{\"n\":\"a\",\"v\":1,\"t\":1e15}]                   | INVALID_TIMESTAMP",
        "[{\"bn\":\"d/\"}]                                    | NO_METRICS",
        "[]                                                   | NO_METRICS",
        "not json                                             | INVALID_JSON",
        "[{\"n\":\"a\",\"v\":1}] []                           | INVALID_JSON",
        "[{\"n\":\"a\",\"n\":\"b\",\"v\":1}]                  | INVALID_JSON"})
    void shouldRejectPacksThatBreakTheRfcOrTheCanonicalModel(String pack, Code code) {
        String tooLong = "x".repeat(201); // canonical names have at most 200 characters
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> decode(pack.replace("%s", tooLong)));

        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.code()).isEqualTo(code);
    }

    @Test
    void shouldNameTheRecordAndAttributeTheDeviceOfAFailure() {
        DecodeException e = catchThrowableOfType(DecodeException.class,
                () -> decode("[{\"bn\":\"d-1/\",\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"vb\":1}]"));

        assertThat(e.getMessage()).startsWith("record 1: vb must be a boolean");
        assertThat(e.deviceId()).contains("dev-9");
    }

    @Test
    void shouldTreatAnEmptyPayloadAsEmpty() {
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> decode(""));

        assertThat(e.code()).isEqualTo(Code.EMPTY_PAYLOAD);
    }

    @Test
    void shouldReadCborByteStringsAsBase64UrlData() throws Exception {
        Map<Integer, Object> record = new LinkedHashMap<>();
        record.put(-2, "urn:dev:ow:10e2073a01080063:");
        record.put(-3, 1_320_078_429L);
        record.put(0, "nfv-reader");
        record.put(8, new byte[] {'h', 'i', ' ', '\n', (byte) 0xfb, (byte) 0xff});
        record.put(99, "an unknown integer label is ignored");
        byte[] pack = new CBORMapper().writeValueAsBytes(List.of(record));

        List<Reading> readings = cbor.decode("senml/dev-9", pack, RECEIVED_AT);

        assertThat(readings).extracting(Reading::deviceId, Reading::metric, r -> r.value().raw(),
                Reading::eventTime, Reading::timeSource)
                .containsExactly(tuple("urn:dev:ow:10e2073a01080063", "nfv-reader", "aGkgCvv_",
                        1_320_078_429_000L, TimeSource.DEVICE));
        assertThat(readings.get(0).source().format()).isEqualTo("senml-cbor");
    }

    @Test
    void shouldMapEveryCborLabelOfRfc8428Table4() throws Exception {
        Map<Integer, Object> first = new LinkedHashMap<>();
        first.put(-1, 10);
        first.put(-2, "d-1/");
        first.put(-3, 1_700_000_000.5);
        first.put(-4, "W");
        first.put(-5, 1.0);
        first.put(-6, 10.0);
        first.put(0, "p");
        first.put(2, 2.0);
        first.put(5, 3.0);
        first.put(6, 1.0);
        first.put(7, 60);
        Map<Integer, Object> second = new LinkedHashMap<>();
        second.put(0, "s");
        second.put(1, "Cel");
        second.put(3, "ok");
        Map<Integer, Object> third = new LinkedHashMap<>();
        third.put(0, "b");
        third.put(4, true);
        byte[] pack = new CBORMapper().writeValueAsBytes(List.of(first, second, third));

        List<SenmlRecord> records = cbor.resolve(pack, RECEIVED_AT);

        assertThat(records).extracting(SenmlRecord::name, SenmlRecord::unit, r -> r.value().raw(), SenmlRecord::sum,
                r -> r.time().doubleValue()).containsExactly(
                        tuple("d-1/s", "Cel", "ok", 10.0, 1_700_000_000.5),
                        tuple("d-1/b", "W", true, 10.0, 1_700_000_000.5),
                        tuple("d-1/p", "W", 3.0, 13.0, 1_700_000_001.5));
        assertThat(records).extracting(SenmlRecord::version).containsOnlyNulls();
    }

    @Test
    void shouldRejectInvalidCbor() {
        DecodeException broken = catchThrowableOfType(DecodeException.class,
                () -> cbor.decode("senml/dev-9", new byte[] {(byte) 0x9f, 0x01}, RECEIVED_AT));
        DecodeException json = catchThrowableOfType(DecodeException.class,
                () -> cbor.decode("senml/dev-9", "[{\"n\":\"a\",\"v\":1}]".getBytes(StandardCharsets.UTF_8),
                        RECEIVED_AT));

        assertThat(broken.code()).isEqualTo(Code.INVALID_CBOR);
        assertThat(json.code()).isEqualTo(Code.INVALID_CBOR);
    }

    @Test
    void shouldRejectALabelGivenAsIntegerAndAsText() throws Exception {
        Map<Object, Object> record = new LinkedHashMap<>();
        record.put(0, "a");
        record.put("n", "b");
        record.put(2, 1.0);
        byte[] pack = new CBORMapper().writeValueAsBytes(List.of(record));

        DecodeException e = catchThrowableOfType(DecodeException.class,
                () -> cbor.decode("senml/dev-9", pack, RECEIVED_AT));

        assertThat(e.code()).isEqualTo(Code.INVALID_SENML);
    }

    @Test
    void shouldAcceptARepeatedDefaultVersion() throws Exception {
        assertThat(decode("[{\"n\":\"a\",\"v\":1},{\"bver\":10,\"n\":\"b\",\"v\":2}]")).hasSize(2);
    }
}
