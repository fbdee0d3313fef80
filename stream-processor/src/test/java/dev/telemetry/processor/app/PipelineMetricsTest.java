package dev.telemetry.processor.app;

import static dev.telemetry.processor.testing.Readings.gatewayReading;
import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.DeviceCounters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineMetrics metrics = new PipelineMetrics(registry);

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldCountTheIncreaseOfEachDeviceCounter() {
        metrics.counted(null, new DeviceCounters(1, 0, 0, 0, 0, 0));
        metrics.counted(new DeviceCounters(1, 0, 0, 0, 0, 0), new DeviceCounters(3, 1, 2, 1, 4, 1));

        assertThat(counter("telemetry.processor.readings", "outcome", "accepted")).isEqualTo(3);
        assertThat(counter("telemetry.processor.readings", "outcome", "duplicate")).isEqualTo(2);
        assertThat(counter("telemetry.processor.late.readings")).isEqualTo(1);
        assertThat(counter("telemetry.processor.out.of.order.readings")).isEqualTo(1);
        assertThat(counter("telemetry.processor.sequence.gaps")).isEqualTo(4);
        assertThat(counter("telemetry.processor.too.late.for.window")).isEqualTo(1);
    }

    @Test
    void shouldTimeGatewayAndDeviceLatencyOnlyWhereTheyExist() {
        metrics.reflected(reading("d", "t", 1, 1_000), 1_250);             // device time 1 000, received 1 005
        metrics.reflected(gatewayReading("d", "t", 1, 2_000), 2_100);      // no device time

        var gateway = registry.get("telemetry.processor.latency").tag("stage", "gateway_to_state").timer();
        var device = registry.get("telemetry.processor.latency").tag("stage", "device_to_state").timer();
        assertThat(gateway.count()).isEqualTo(2);
        assertThat(device.count()).isEqualTo(1);
        assertThat(device.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    }

    @Test
    void shouldTrackBufferOfflineAndWindows() {
        metrics.buffered(5);
        metrics.buffered(-3);
        metrics.wentOffline();
        metrics.windowClosed();
        metrics.windowClosed();

        assertThat(registry.get("telemetry.processor.reorder.buffer.readings").gauge().value()).isEqualTo(2);
        assertThat(counter("telemetry.processor.devices.offline")).isEqualTo(1);
        assertThat(counter("telemetry.processor.windows.closed")).isEqualTo(2);
    }

    @Test
    void shouldCountAlertsByStateAndKindFromZero() {
        assertThat(counter("telemetry.processor.alerts", "state", "raised", "kind", "OFFLINE")).isZero();

        metrics.alerted(alert("THRESHOLD_ABOVE", Anomaly.State.RAISED));
        metrics.alerted(alert("THRESHOLD_ABOVE", Anomaly.State.RESOLVED));
        metrics.alerted(alert("THRESHOLD_ABOVE", Anomaly.State.RAISED));

        assertThat(counter("telemetry.processor.alerts", "state", "raised", "kind", "THRESHOLD_ABOVE")).isEqualTo(2);
        assertThat(counter("telemetry.processor.alerts", "state", "resolved", "kind", "THRESHOLD_ABOVE")).isEqualTo(1);
    }

    private static Anomaly alert(String kind, Anomaly.State state) {
        return new Anomaly(1, "id", "d", "t", kind, "warning", state, 1, 2, 3.0, 4.0, "r", "m");
    }
}
