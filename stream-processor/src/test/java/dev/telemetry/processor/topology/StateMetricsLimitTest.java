package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.processor.app.ProcessorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code state.max-metrics-per-device}: a device cannot grow its state (and the compacted state topic, and
 * every query answer) without end by sending ever new metric names.
 */
class StateMetricsLimitTest {

    private static final String DEV = "dev-1";

    @Test
    void shouldCountButNotKeepReadingsOfMetricsBeyondTheLimit() {
        DeviceState s = StateReconciler.reconcile(null, reading(DEV, "a", 1, 1_000), 2).state();
        s = StateReconciler.reconcile(s, reading(DEV, "b", 2, 1_001), 2).state();

        Reconciliation third = StateReconciler.reconcile(s, reading(DEV, "c", 3, 1_002), 2);

        assertThat(third.metricDropped()).isTrue();
        assertThat(third.metricsChanged()).isFalse();
        assertThat(third.state().metrics()).containsOnlyKeys("a", "b");
        assertThat(third.state().counters().accepted()).isEqualTo(3);
        assertThat(third.state().counters().late()).as("a dropped metric is not a late reading").isZero();
        assertThat(third.state().lastSeen()).isEqualTo(1_002);
    }

    @Test
    void shouldKeepUpdatingTheMetricsAlreadyInState() {
        DeviceState s = StateReconciler.reconcile(null, reading(DEV, "a", 1, 1_000), 1).state();

        Reconciliation update = StateReconciler.reconcile(s, reading(DEV, "a", 5, 2_000), 1);

        assertThat(update.metricDropped()).isFalse();
        assertThat(update.state().metrics().get("a").value()).isEqualTo(ReadingValue.of(5.0));
    }

    @Test
    void shouldTakeTheLimitFromTheConfiguration() {
        assertThat(ProcessorConfig.from(ConfigSource.of(Map.of())).topology().maxMetricsPerDevice())
                .isEqualTo(TopologyConfig.DEFAULT_MAX_METRICS_PER_DEVICE);
        assertThat(ProcessorConfig.from(ConfigSource.of(Map.of("state.max-metrics-per-device", "5"))).topology()
                .maxMetricsPerDevice()).isEqualTo(5);
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("state.max-metrics-per-device", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.max-metrics-per-device");
    }
}
