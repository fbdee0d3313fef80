package dev.telemetry.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void shouldUseTheDocumentedDefaults() {
        SimulatorConfig cfg = SimulatorConfig.defaults();

        assertThat(cfg.mqttUrl()).isEqualTo("tcp://localhost:1883");
        assertThat(cfg.devices()).isEqualTo(100);
        assertThat(cfg.readingsPerSecond()).isEqualTo(1000.0);
        assertThat(cfg.qos()).isEqualTo(1);
        assertThat(cfg.topicPrefix()).isEqualTo("sensors");
        assertThat(cfg.devicePrefix()).isEqualTo("sim-");
        assertThat(cfg.connections()).isEqualTo(1);
        assertThat(cfg.maxInFlight()).isEqualTo(1000);
        assertThat(cfg.duration()).isNull();
        assertThat(cfg.count()).isZero();
        assertThat(cfg.recordFile()).isNull();
        assertThat(cfg.format()).isEqualTo("json");
    }

    @Test
    void shouldNameDevicesAndTopics() {
        SimulatorConfig cfg = SimulatorConfig.builder().topicPrefix("plant/a").devicePrefix("dev-").build();

        assertThat(cfg.deviceId(0)).isEqualTo("dev-00001");
        assertThat(cfg.topic(cfg.deviceId(41))).isEqualTo("plant/a/dev-00042");
    }

    @Test
    void shouldCopyEveryFieldThroughToBuilder() {
        SimulatorConfig cfg = SimulatorConfig.builder().devices(7).readingsPerSecond(70).seed(9)
                .duration(Duration.ofSeconds(3)).count(30).password("pw").build();

        assertThat(cfg.toBuilder().build()).isEqualTo(cfg);
        assertThat(cfg.toBuilder().devices(8).build().devices()).isEqualTo(8);
    }

    @Test
    void shouldMaskThePasswordInToString() {
        SimulatorConfig cfg = SimulatorConfig.builder().username("u").password("s3cret").build();

        assertThat(cfg.toString()).contains("password=****").doesNotContain("s3cret");
    }

    @Test
    void shouldRejectInvalidValuesNamingTheOption() {
        SimulatorConfig.Builder valid = SimulatorConfig.builder();

        assertThatThrownBy(() -> valid.qos(3).build()).hasMessageContaining("--qos");
        assertThatThrownBy(() -> SimulatorConfig.builder().readingsPerSecond(0).build())
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> SimulatorConfig.builder().topicPrefix("a/#").build())
                .hasMessageContaining("--topic-prefix");
        assertThatThrownBy(() -> SimulatorConfig.builder().devicePrefix("a/b").build())
                .hasMessageContaining("--device-prefix");
        assertThatThrownBy(() -> SimulatorConfig.builder().devices(2).connections(3).build())
                .hasMessageContaining("--connections");
        assertThatThrownBy(() -> SimulatorConfig.builder().mqttUrl("http://broker:1883").build())
                .hasMessageContaining("--mqtt-url");
        assertThatThrownBy(() -> SimulatorConfig.builder().duration(Duration.ZERO).build())
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> SimulatorConfig.builder().format("xml").build())
                .hasMessageContaining("xml");
    }

    @Test
    void shouldAcceptEveryFormatAndRequireASparkplugGroupIdAsPrefixForSparkplug() {
        for (String format : List.of("json", "senml-json", "senml-cbor", "plain", "sparkplug-b", "mixed")) {
            assertThat(SimulatorConfig.builder().format(format).build().format()).isEqualTo(format);
        }
        assertThat(SimulatorConfig.builder().format("plain").topicPrefix("site/a").build().topicPrefix())
                .isEqualTo("site/a");
        assertThatThrownBy(() -> SimulatorConfig.builder().format("sparkplug-b").topicPrefix("site/a").build())
                .hasMessageContaining("--topic-prefix").hasMessageContaining("Sparkplug group id");
        assertThatThrownBy(() -> SimulatorConfig.builder().format("mixed").topicPrefix("site/a").build())
                .hasMessageContaining("--topic-prefix");
    }
}
