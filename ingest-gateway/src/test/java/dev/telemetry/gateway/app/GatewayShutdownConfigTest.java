package dev.telemetry.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayShutdownConfigTest {

    private static GatewayConfig from(Map<String, String> values) {
        return GatewayConfig.from(ConfigSource.of(values));
    }

    @Test
    void shouldKeepTheSessionByDefault() {
        MqttConfig mqtt = from(Map.of("gateway.id", "gw-1")).mqtt();

        assertThat(mqtt.shutdownMode()).isEqualTo(ShutdownMode.KEEP_SESSION);
        assertThat(mqtt.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(mqtt.drainQuietPeriod()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldReadTheLeaveModeFromTheEnvironment() {
        GatewayConfig cfg = GatewayConfig.from(ConfigSource.load(null, Map.of(
                "MQTT_SHUTDOWN_MODE", "Leave",
                "MQTT_SHUTDOWN_DRAIN_TIMEOUT", "45s",
                "MQTT_SHUTDOWN_DRAIN_QUIET_PERIOD", "500ms"), Map.of("gateway.id", "gw-1")));

        assertThat(cfg.mqtt().shutdownMode()).isEqualTo(ShutdownMode.LEAVE);
        assertThat(cfg.mqtt().drainTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(cfg.mqtt().drainQuietPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(cfg.summary()).contains("mqtt.shutdown.mode=leave", "mqtt.shutdown.drain-timeout=PT45S",
                "mqtt.shutdown.drain-quiet-period=PT0.5S");
    }

    @Test
    void shouldRejectAnUnknownModeNamingTheKeyAndTheChoices() {
        assertThatThrownBy(() -> from(Map.of("mqtt.shutdown.mode", "drop")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.shutdown.mode")
                .hasMessageContaining("keep-session or leave")
                .hasMessageContaining("'drop'");
    }

    @Test
    void shouldRejectAQuietPeriodThatIsNotShorterThanTheDrainTimeout() {
        assertThatThrownBy(() -> from(Map.of("mqtt.shutdown.drain-timeout", "5s",
                "mqtt.shutdown.drain-quiet-period", "5s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.shutdown.drain-quiet-period")
                .hasMessageContaining("shorter than mqtt.shutdown.drain-timeout");
    }

    @Test
    void shouldRejectANonPositiveDrainTimeout() {
        assertThatThrownBy(() -> from(Map.of("mqtt.shutdown.drain-timeout", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.shutdown.drain-timeout");
    }
}
