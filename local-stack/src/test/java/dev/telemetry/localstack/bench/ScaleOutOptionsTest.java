package dev.telemetry.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScaleOutOptionsTest {

    @Test
    void shouldHaveTheDefaultsTheDocumentationNames() {
        ScaleOutOptions o = ScaleOutOptions.parse();

        assertThat(o.rate()).isEqualTo(1000);
        assertThat(o.devices()).isEqualTo(500);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(120));
        assertThat(o.queryRate()).isEqualTo(20);
        assertThat(o.partitions()).isEqualTo(6);
        assertThat(o.readings()).isEqualTo(120_000);
        assertThat(o.processor()).isEmpty();
    }

    @Test
    void shouldCollectRepeatedProcessorSettings() {
        ScaleOutOptions o = ScaleOutOptions.parse("--processor", "commit.interval=1s", "--rate", "300",
                "--processor", "num.stream.threads=2");

        assertThat(o.processor()).containsOnly(entry("commit.interval", "1s"), entry("num.stream.threads", "2"));
        assertThat(o.rate()).isEqualTo(300);
        assertThatThrownBy(() -> ScaleOutOptions.parse("--processor", "commit.interval"))
                .hasMessageContaining("--processor takes key=value, was commit.interval");
    }

    @Test
    void shouldCollectGatewaySettingsApartFromProcessorSettings() {
        ScaleOutOptions o = ScaleOutOptions.parse("--gateway", "mqtt.shutdown.mode=leave", "--processor",
                "commit.interval=1s");

        assertThat(o.gateway()).containsOnly(entry("mqtt.shutdown.mode", "leave"));
        assertThat(o.processor()).containsOnly(entry("commit.interval", "1s"));
        assertThat(ScaleOutOptions.parse().gateway()).isEmpty();
        assertThatThrownBy(() -> ScaleOutOptions.parse("--gateway", "leave"))
                .hasMessageContaining("--gateway takes key=value, was leave");
    }

    @Test
    void shouldRefuseWhatTheScenarioCannotRunWithAndUnknownOptions() {
        assertThatThrownBy(() -> ScaleOutOptions.parse("--partitions", "2"))
                .hasMessageContaining("--partitions must be at least 3 (one per processor instance), got 2");
        assertThatThrownBy(() -> ScaleOutOptions.parse("--duration", "10"))
                .hasMessageContaining("--duration must be at least 20 s");
        assertThatThrownBy(() -> ScaleOutOptions.parse("--rate", "0")).hasMessageContaining("--rate must be");
        assertThatThrownBy(() -> ScaleOutOptions.parse("--rates", "10"))
                .hasMessageContaining("unknown options [rates]");
        assertThatThrownBy(() -> ScaleOutOptions.parse("--rate")).hasMessageContaining("expected --option value");
    }
}
