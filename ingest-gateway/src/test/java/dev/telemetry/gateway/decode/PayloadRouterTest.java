package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.gateway.decode.DecodeException.Code;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadRouterTest {

    private final PayloadRouter router = new PayloadRouter(
            new JsonDecoder(TopicTemplate.parse("sensors/{deviceId}"), "gw-1"),
            new PlainDecoder(TopicTemplate.parse("sensors/{deviceId}/{metric}"), "gw-1"),
            64);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDecodeByTopic() {
        DecodeResult json = router.decode("sensors/dev-1", bytes("{\"t\": 1, \"h\": 2}"), 1L);
        DecodeResult plain = router.decode("sensors/dev-1/t", bytes("1"), 1L);

        assertThat(json).isInstanceOfSatisfying(DecodeResult.Success.class, s -> {
            assertThat(s.format()).isEqualTo("json");
            assertThat(s.readings()).hasSize(2);
        });
        assertThat(plain).isInstanceOfSatisfying(DecodeResult.Success.class,
                s -> assertThat(s.format()).isEqualTo("plain"));
    }

    @Test
    void shouldReportATopicMatchingNoTemplate() {
        DecodeResult r = router.decode("other/dev-1", bytes("1"), 1L);

        assertThat(r).isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
            assertThat(f.format()).isEqualTo("unknown");
            assertThat(f.error().code()).isEqualTo(Code.TOPIC_MISMATCH);
        });
    }

    @Test
    void shouldRejectOversizedPayloadsBeforeParsing() {
        DecodeResult r = router.decode("sensors/dev-1", new byte[65], 1L);

        assertThat(r).isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
            assertThat(f.format()).isEqualTo("json");
            assertThat(f.error().code()).isEqualTo(Code.PAYLOAD_TOO_LARGE);
            assertThat(f.error().deviceId()).contains("dev-1");
        });
    }

    @Test
    void shouldKeepTheFormatOfAFailedDecode() {
        DecodeResult r = router.decode("sensors/dev-1/t", bytes(""), 1L);

        assertThat(r).isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
            assertThat(f.format()).isEqualTo("plain");
            assertThat(f.error().code()).isEqualTo(Code.EMPTY_PAYLOAD);
        });
    }

    @Test
    void shouldRefuseOverlappingTemplates() {
        assertThatThrownBy(() -> new PayloadRouter(
                new JsonDecoder(TopicTemplate.parse("{site}/{deviceId}/{metric}"), "gw-1"),
                new PlainDecoder(TopicTemplate.parse("sensors/{deviceId}/{metric}"), "gw-1"), 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
    }
}
