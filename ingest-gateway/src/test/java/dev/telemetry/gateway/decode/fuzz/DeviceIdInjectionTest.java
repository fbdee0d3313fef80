package dev.telemetry.gateway.decode.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.decode.DecodeLimits;
import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Device ids come from topics and payloads, i.e. from devices; they become Kafka keys, state store keys
 * ({@code deviceId NUL metric ...}) and URL paths. The rule: 1..200 characters of
 * {@code [A-Za-z0-9._:/-]}, no empty, {@code .} or {@code ..} segment between slashes
 * ({@link DecodeLimits#isPathSafe}). Anything else is rejected with {@code INVALID_DEVICE_ID}, never
 * rewritten (except Sparkplug names, documented), so two different raw ids never become one key.
 */
class DeviceIdInjectionTest {

    private final PayloadRouter router = FuzzTargets.router();

    static List<String> hostileIds() {
        return List.of("", "..", ".", "../../etc/passwd", "a/../b", "a/./b", "/abs", "trailing/", "a//b",
                "nul\u0000", "ctl\u001b[2J", "new\nline", "tab\t", "sp ace", "\u0430dmin" /* Cyrillic a */,
                "e\u0301" /* non-NFC */, "\u00e9", "\uFEFFbom", "\u202Eevil", "x".repeat(201), "%2e%2e", "a\\b",
                "\uD800", "dev+1", "dev#1", "$SYS");
    }

    private static String json(String text) {
        try {
            return Json.mapper().writeValueAsString(text);
        } catch (Exception e) {
            return "\"\\ud800\""; // a lone surrogate cannot be written by Jackson: escape it by hand
        }
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void shouldRejectHostileDeviceIdsFromJsonPayloads(String id) {
        DecodeResult r = router.decode("sensors/d-1", ("{\"deviceId\":" + json(id) + ",\"t\":1}")
                .getBytes(StandardCharsets.UTF_8), 1L);

        assertRejectedOrUnchanged(r, id);
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void shouldRejectHostileDeviceIdsFromSenmlBaseNames(String id) {
        DecodeResult r = router.decode("senml/d-1", ("[{\"bn\":" + json(id + ":") + ",\"n\":\"t\",\"v\":1}]")
                .getBytes(StandardCharsets.UTF_8), 1L);

        // the one documented rewrite: SenML base names lose their trailing ':' and '/' separators
        assertRejectedOrUnchanged(r, id.replaceAll("[:/]+$", ""));
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void shouldRejectHostileDeviceIdsFromTopicLevels(String id) {
        DecodeResult r = router.decode("sensors/" + id + "/t", "1".getBytes(StandardCharsets.UTF_8), 1L);

        if (r instanceof DecodeResult.Success ok) {
            assertThat(ok.readings()).extracting(Reading::deviceId).containsOnly(id);
            assertThat(DecodeLimits.isPathSafe(id) && Reading.isValidName(id)).as(id).isTrue();
        } else {
            Code code = ((DecodeResult.Failure) r).error().code();
            // an id with '/' adds topic levels: the topic then matches no template
            assertThat(code).as(id).isIn(Code.INVALID_DEVICE_ID, Code.TOPIC_MISMATCH);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a b/..", ""})
    void shouldRejectSparkplugIdsThatWouldWalkAPath(String group) {
        byte[] birth = Payload.newBuilder().setTimestamp(1L).setSeq(0)
                .addMetrics(Payload.Metric.newBuilder().setName("bdSeq").setDatatype(4).setLongValue(0))
                .addMetrics(Payload.Metric.newBuilder().setName("t").setDatatype(10).setDoubleValue(1))
                .build().toByteArray();

        DecodeResult r = router.decode("spBv1.0/" + group + "/NBIRTH/..", birth, 1L);

        assertThat(r).isInstanceOf(DecodeResult.Failure.class);
        assertThat(((DecodeResult.Failure) r).error().code()).isIn(Code.INVALID_DEVICE_ID,
                Code.INVALID_SPARKPLUG_TOPIC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-1", "urn:dev:ow:10e2073a01080063", "site.a/line-2/pump_3", "2001:db8::1"})
    void shouldAcceptOrdinaryIdsUnchanged(String id) {
        DecodeResult r = router.decode("sensors/d-1", ("{\"deviceId\":\"" + id + "\",\"t\":1}")
                .getBytes(StandardCharsets.UTF_8), 1L);

        assertThat(r).isInstanceOf(DecodeResult.Success.class);
        assertThat(((DecodeResult.Success) r).readings()).extracting(Reading::deviceId).containsOnly(id);
    }

    /** Accepted ids are exactly what was sent and satisfy the rule; everything else is INVALID_DEVICE_ID. */
    private static void assertRejectedOrUnchanged(DecodeResult r, String id) {
        if (r instanceof DecodeResult.Success ok) {
            assertThat(ok.readings()).extracting(Reading::deviceId).containsOnly(id);
            assertThat(Reading.isValidName(id) && DecodeLimits.isPathSafe(id)).as(id).isTrue();
        } else {
            assertThat(((DecodeResult.Failure) r).error().code()).as(id)
                    .isIn(Set.of(Code.INVALID_DEVICE_ID, Code.INVALID_SENML, Code.INVALID_VALUE));
        }
    }
}
