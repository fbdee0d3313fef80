package dev.telemetry.gateway.decode.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.decode.DecodeLimits;
import dev.telemetry.gateway.decode.DecodeResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-made hostile payloads, each decoded under the {@link FuzzHarness} bounds (time, allocation, a
 * reason for every rejection) and expected to be rejected with one specific reason. Several of them
 * were findings of the fuzz runs (see docs/security.md).
 */
class HostilePayloadTest {

    private final FuzzDriver driver = new FuzzDriver(FuzzTargets.router(), DecodeLimits.DEFAULTS.maxReadings());

    @AfterEach
    void close() {
        driver.close();
    }

    private Code rejection(FuzzTargets target, byte[] payload) {
        DecodeResult r = driver.run(target, payload);
        assertThat(r).as("%s payload of %d bytes", target, payload.length).isInstanceOf(DecodeResult.Failure.class);
        return ((DecodeResult.Failure) r).error().code();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectDeeplyNestedJsonArrays() {
        assertThat(rejection(FuzzTargets.JSON, utf8("[".repeat(100_000)))).isEqualTo(Code.INVALID_JSON);
        assertThat(rejection(FuzzTargets.SENML_JSON, utf8("[".repeat(100_000)))).isEqualTo(Code.INVALID_JSON);
    }

    @Test
    void shouldRejectDeeplyNestedJsonObjects() {
        String nested = "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000);
        assertThat(rejection(FuzzTargets.JSON, utf8(nested))).isEqualTo(Code.INVALID_JSON);
    }

    @Test
    void shouldRejectNestingJustWithinTheParserDepthWithoutQuadraticNames() {
        // 60 levels are within the parser's depth limit (64); the flattened name is beyond 200 characters
        String nested = "{\"abcd\":".repeat(60) + "1" + "}".repeat(60);
        assertThat(rejection(FuzzTargets.JSON, utf8(nested))).isEqualTo(Code.INVALID_METRIC);
    }

    @Test
    void shouldRejectHugeJsonArraysOfReadings() {
        String array = "[" + "{\"a\":1},".repeat(30_000) + "{\"a\":1}]";
        assertThat(rejection(FuzzTargets.JSON, utf8(array))).isEqualTo(Code.TOO_MANY_READINGS);
    }

    @Test
    void shouldRejectGiantStrings() {
        String giant = "x".repeat(200_000);
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"s\":\"" + giant + "\"}"))).isEqualTo(Code.STRING_VALUE_TOO_LONG);
        assertThat(rejection(FuzzTargets.PLAIN, utf8(giant))).isEqualTo(Code.STRING_VALUE_TOO_LONG);
        assertThat(rejection(FuzzTargets.SENML_JSON, utf8("[{\"n\":\"s\",\"vs\":\"" + giant + "\"}]")))
                .isEqualTo(Code.STRING_VALUE_TOO_LONG);
    }

    @Test
    void shouldRejectPayloadsOverTheSizeLimitBeforeParsing() {
        assertThat(rejection(FuzzTargets.JSON, new byte[256 * 1024 + 1])).isEqualTo(Code.PAYLOAD_TOO_LARGE);
    }

    @Test
    void shouldRejectNumbersThatOverflowOrAreTooLong() {
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"t\":1e999999}"))).isEqualTo(Code.NON_FINITE_VALUE);
        assertThat(rejection(FuzzTargets.PLAIN, utf8("1e999999"))).isEqualTo(Code.NON_FINITE_VALUE);
        assertThat(rejection(FuzzTargets.SENML_JSON, utf8("[{\"n\":\"t\",\"v\":-1e999999}]")))
                .isEqualTo(Code.NON_FINITE_VALUE);
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"t\":" + "9".repeat(5000) + "}"))).isEqualTo(Code.INVALID_JSON);
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"ts\":1e999999,\"t\":1}"))).isEqualTo(Code.INVALID_TIMESTAMP);
    }

    @Test
    void shouldRejectInvalidUtf8() {
        byte[] json = {'{', '"', 't', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};
        assertThat(rejection(FuzzTargets.JSON, json)).isEqualTo(Code.INVALID_JSON);
        assertThat(rejection(FuzzTargets.PLAIN, new byte[] {(byte) 0xff, (byte) 0xfe})).isEqualTo(Code.INVALID_VALUE);
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"t\":\"\\ud800\"}"))).isEqualTo(Code.INVALID_VALUE);
    }

    @Test
    void shouldRejectNulAndControlCharactersInNames() {
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"a\\u0000b\":1}"))).isEqualTo(Code.INVALID_METRIC);
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"a\nb\":1}"))).isEqualTo(Code.INVALID_JSON);
        assertThat(rejection(FuzzTargets.JSON, utf8("{\"deviceId\":\"d\\u0000\",\"t\":1}")))
                .isEqualTo(Code.INVALID_DEVICE_ID);
        assertThat(rejection(FuzzTargets.SENML_JSON, utf8("[{\"bn\":\"d\\u001b[2J\",\"n\":\"t\",\"v\":1}]")))
                .isEqualTo(Code.INVALID_SENML);
    }

    @Test
    void shouldRejectALongSenmlBaseNameBeforeRepeatingItInEveryRecord() {
        StringBuilder pack = new StringBuilder("[{\"bn\":\"d").append("/".repeat(20_000)).append("\",\"n\":\"x\",\"v\":1}");
        for (int i = 0; i < 9_000; i++) {
            pack.append(",{\"n\":\"x\",\"v\":1}");
        }
        assertThat(rejection(FuzzTargets.SENML_JSON, utf8(pack.append(']').toString()))).isEqualTo(Code.INVALID_SENML);
    }

    @Test
    void shouldRejectCborLengthBombs() {
        // a byte string, a text string, an array and a map declaring 2^63-1, 2^31-1, 2^32 and 2^32 items
        byte[][] bombs = {
            {(byte) 0x81, (byte) 0xa1, 0x08, 0x5b, 0x7f, -1, -1, -1, -1, -1, -1, -1, 0x00},
            {(byte) 0x81, (byte) 0xa1, 0x00, 0x7a, 0x7f, -1, -1, -1, 'a'},
            {(byte) 0x9b, 0, 0, 0, 1, 0, 0, 0, 0, (byte) 0xa0},
            {(byte) 0x81, (byte) 0xbb, 0, 0, 0, 1, 0, 0, 0, 0, 0x00, 0x01}};
        for (byte[] bomb : bombs) {
            assertThat(rejection(FuzzTargets.SENML_CBOR, bomb)).isEqualTo(Code.INVALID_CBOR);
        }
    }

    @Test
    void shouldRejectDeeplyNestedIndefiniteLengthCbor() {
        byte[] nested = new byte[200_000];
        java.util.Arrays.fill(nested, (byte) 0x9f); // indefinite-length arrays, never closed
        assertThat(rejection(FuzzTargets.SENML_CBOR, nested)).isEqualTo(Code.INVALID_CBOR);
    }

    @Test
    void shouldRejectProtobufWithHugeDeclaredLengths() {
        // field 2 (metrics), length-delimited, declaring 2^31-1 bytes
        byte[] bomb = {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x0a, 0x01, 'a'};
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(0, bomb))).isEqualTo(Code.INVALID_SPARKPLUG_PAYLOAD);
    }

    @Test
    void shouldRejectSparkplugArraysThatWouldExpandBeyondTheReadingLimit() {
        byte[] elements = new byte[200_000]; // Int8Array (22): one reading per byte
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("bomb").setDatatype(22)
                        .setBytesValue(ByteString.copyFrom(elements)))
                .build().toByteArray();
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(0, payload))).isEqualTo(Code.TOO_MANY_READINGS);
    }

    @Test
    void shouldRejectSparkplugPayloadsWithTooManyMetrics() {
        Payload.Builder p = Payload.newBuilder().setTimestamp(1L).setSeq(2);
        for (int i = 0; i < 15_000; i++) {
            p.addMetrics(Payload.Metric.newBuilder().setAlias(1).setDatatype(10).setDoubleValue(i));
        }
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(0, p.build().toByteArray())))
                .isEqualTo(Code.TOO_MANY_READINGS);
    }

    @Test
    void shouldRejectSparkplugMetricsOfUnknownDatatype() {
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("Supply Voltage").setAlias(4).setDatatype(0)
                        .setDoubleValue(1.43))
                .build().toByteArray();
        // found by the fuzz run: tahu-core returned null and the decoder threw a NullPointerException
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(3, payload))).isEqualTo(Code.INVALID_SPARKPLUG_PAYLOAD);
    }

    @Test
    void shouldDecodeSparkplugStringArraysInLinearTimeAndSpace() {
        // tahu-core allocated a buffer of the whole value for every string: this 9 KB NDATA cost 240 MB
        byte[] strings = new byte[9_000]; // 9,000 NUL-terminated empty strings
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("labels").setDatatype(33)
                        .setBytesValue(ByteString.copyFrom(strings)))
                .build().toByteArray();

        DecodeResult r = driver.run(FuzzTargets.SPARKPLUG, withType(0, payload));

        assertThat(r).isInstanceOfSatisfying(DecodeResult.Success.class,
                ok -> assertThat(ok.readings()).hasSize(9_000));
    }

    @Test
    void shouldRejectSparkplugStringArraysOfMoreElementsThanReadingsBeforeDecodingThem() {
        byte[] strings = new byte[200_000]; // with tahu-core: 200,000 buffers of 200 KB, a hang
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("labels").setDatatype(33)
                        .setBytesValue(ByteString.copyFrom(strings)))
                .build().toByteArray();
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(0, payload))).isEqualTo(Code.TOO_MANY_READINGS);
    }

    @Test
    void shouldRejectSparkplugBooleanArraysDeclaringMoreElementsThanTheyHold() {
        byte[] bytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2, 3}; // 2^31-1 booleans in 3 bytes
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("flags").setDatatype(32)
                        .setBytesValue(ByteString.copyFrom(bytes)))
                .build().toByteArray();
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(0, payload))).isEqualTo(Code.INVALID_SPARKPLUG_PAYLOAD);
    }

    @Test
    void shouldRejectSparkplugTemplatesNestedBeyondProtobufsDepthLimit() {
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(0, nestedTemplates(200))))
                .isEqualTo(Code.INVALID_SPARKPLUG_PAYLOAD);
    }

    @Test
    void shouldDecodeSparkplugTemplatesNestedWithinTheDepthLimit() {
        // 45 templates are 91 protobuf levels, within protobuf's bound of 100; a Template is no reading
        DecodeResult r = driver.run(FuzzTargets.SPARKPLUG, withType(0, nestedTemplates(45)));
        assertThat(r).isInstanceOfSatisfying(DecodeResult.Success.class, ok -> assertThat(ok.readings()).isEmpty());
    }

    @Test
    void shouldRejectSparkplugPropertySetsNestedBeyondProtobufsDepthLimit() {
        Payload.PropertySet.Builder set = Payload.PropertySet.newBuilder();
        for (int i = 0; i < 200; i++) {
            set = Payload.PropertySet.newBuilder().addKeys("p").addValues(Payload.PropertyValue.newBuilder()
                    .setType(20).setPropertysetValue(set)); // 20: PropertySet
        }
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("t").setDatatype(10).setDoubleValue(1)
                        .setProperties(set))
                .build().toByteArray();
        assertThat(rejection(FuzzTargets.SPARKPLUG, withType(0, payload))).isEqualTo(Code.INVALID_SPARKPLUG_PAYLOAD);
    }

    @Test
    void shouldDecodeLargeSparkplugDataSetsWithinTheBounds() {
        // a DataSet is no reading, but its rows are still checked element by element: through tahu-core, which
        // formatted every row into a trace message, this 240 KB NDATA allocated 62 MB
        Payload.DataSet.Builder d = Payload.DataSet.newBuilder().setNumOfColumns(2).addColumns("a").addColumns("b")
                .addTypes(3).addTypes(3);
        Payload.DataSet.Row row = Payload.DataSet.Row.newBuilder()
                .addElements(Payload.DataSet.DataSetValue.newBuilder())
                .addElements(Payload.DataSet.DataSetValue.newBuilder()).build();
        for (int i = 0; i < 40_000; i++) {
            d.addRows(row);
        }
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("table").setDatatype(16).setDatasetValue(d))
                .build().toByteArray();
        assertThat(payload.length).isLessThan(256 * 1024);

        DecodeResult r = driver.run(FuzzTargets.SPARKPLUG, withType(0, payload));

        assertThat(r).isInstanceOfSatisfying(DecodeResult.Success.class, ok -> assertThat(ok.readings()).isEmpty());
    }

    @Test
    void shouldDecodeSparkplugTemplatesOfManyMembersWithALongNameWithinTheBounds() {
        // members are checked, not built (tahu-core built a Metric and a "<template name>/" prefix per member)
        Payload.Template.Builder t = Payload.Template.newBuilder();
        for (int i = 0; i < 20_000; i++) {
            t.addMetrics(Payload.Metric.newBuilder().setName("m").setDatatype(3).setIntValue(i));
        }
        byte[] payload = Payload.newBuilder().setTimestamp(1L).setSeq(2)
                .addMetrics(Payload.Metric.newBuilder().setName("t".repeat(200)).setDatatype(19)
                        .setTemplateValue(t))
                .build().toByteArray();

        DecodeResult r = driver.run(FuzzTargets.SPARKPLUG, withType(1, payload)); // DDATA: the birth declared types

        assertThat(r).isInstanceOfSatisfying(DecodeResult.Success.class, ok -> assertThat(ok.readings()).isEmpty());
    }

    /** An NDATA whose one metric is {@code depth} templates, each holding the next as its metric. */
    private static byte[] nestedTemplates(int depth) {
        Payload.Metric metric = Payload.Metric.newBuilder().setName("leaf").setDatatype(3).setIntValue(1).build();
        for (int i = 0; i < depth; i++) {
            metric = Payload.Metric.newBuilder().setName("t" + i).setDatatype(19)
                    .setTemplateValue(Payload.Template.newBuilder().addMetrics(metric)).build();
        }
        return Payload.newBuilder().setTimestamp(1L).setSeq(2).addMetrics(metric).build().toByteArray();
    }

    private static byte[] withType(int type, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
