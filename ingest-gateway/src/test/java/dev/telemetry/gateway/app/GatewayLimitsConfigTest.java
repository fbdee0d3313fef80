package dev.telemetry.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.decode.DecodeLimits;
import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.PayloadRouter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code limits.*} keys: defaults, validation, and each limit reaching the DLQ with its own reason. */
class GatewayLimitsConfigTest {

    private static GatewayConfig from(Map<String, String> values) {
        return GatewayConfig.from(ConfigSource.of(values));
    }

    private static Code rejection(PayloadRouter router, String topic, String payload) {
        DecodeResult r = router.decode(topic, payload.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L);
        assertThat(r).isInstanceOf(DecodeResult.Failure.class);
        return ((DecodeResult.Failure) r).error().code();
    }

    @Test
    void shouldDefaultToTheCanonicalBounds() {
        DecodeLimits limits = from(Map.of()).decoding().limits();

        assertThat(limits.maxPayloadBytes()).isEqualTo(256 * 1024);
        assertThat(limits.maxReadings()).isEqualTo(10_000);
        assertThat(limits.maxDeviceIdLength()).isEqualTo(200);
        assertThat(limits.maxMetricNameLength()).isEqualTo(200);
        assertThat(limits.maxStringValueLength()).isEqualTo(4096);
        assertThat(limits.deviceIdPattern()).isNull();
        assertThat(from(Map.of()).summary()).contains("limits.max-readings-per-message=10000");
    }

    @Test
    void shouldRejectEachLimitWithItsOwnReason() {
        PayloadRouter router = from(Map.of(
                "limits.max-readings-per-message", "2",
                "limits.max-device-id-length", "8",
                "limits.max-metric-name-length", "5",
                "limits.max-string-value-length", "3",
                "limits.device-id-pattern", "dev-[0-9]+",
                "mqtt.max-payload-bytes", "100")).router();

        assertThat(rejection(router, "sensors/dev-1", "{\"a\":1,\"b\":2,\"c\":3}")).isEqualTo(Code.TOO_MANY_READINGS);
        assertThat(rejection(router, "sensors/dev-123456789", "{\"a\":1}")).isEqualTo(Code.DEVICE_ID_TOO_LONG);
        assertThat(rejection(router, "sensors/pump-1", "{\"a\":1}")).isEqualTo(Code.DEVICE_ID_NOT_ALLOWED);
        assertThat(rejection(router, "sensors/dev-1", "{\"abcdef\":1}")).isEqualTo(Code.METRIC_NAME_TOO_LONG);
        assertThat(rejection(router, "sensors/dev-1/s", "open")).isEqualTo(Code.STRING_VALUE_TOO_LONG);
        assertThat(rejection(router, "sensors/dev-1", "{\"a\":\"" + "x".repeat(100) + "\"}"))
                .isEqualTo(Code.PAYLOAD_TOO_LARGE);
        DecodeResult ok = router.decode("sensors/dev-1", "{\"a\":1,\"b\":\"abc\"}".getBytes(StandardCharsets.UTF_8), 1L);
        assertThat(ok).isInstanceOf(DecodeResult.Success.class);
    }

    @Test
    void shouldNameTheKeyOfABadLimit() {
        assertThatThrownBy(() -> from(Map.of("limits.max-device-id-length", "201")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.max-device-id-length");
        assertThatThrownBy(() -> from(Map.of("limits.max-readings-per-message", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.max-readings-per-message");
        assertThatThrownBy(() -> from(Map.of("limits.device-id-pattern", "dev-[")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.device-id-pattern");
    }
}
