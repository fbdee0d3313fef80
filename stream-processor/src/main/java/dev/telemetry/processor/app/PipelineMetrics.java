package dev.telemetry.processor.app;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.Reading;
import dev.telemetry.model.TimeSource;
import dev.telemetry.processor.anomaly.AlertKinds;
import dev.telemetry.processor.topology.TopologyEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processor's pipeline meters, in Prometheus names:
 * <ul>
 *   <li>{@code telemetry_processor_readings_total{outcome}}: every reading once, by what became of it:
 *       {@code accepted} (counted in the state), {@code duplicate} (dropped by dedupe);</li>
 *   <li>{@code telemetry_processor_late_readings_total}: older than its metric's current value, kept in
 *       Kafka but not applied; {@code telemetry_processor_out_of_order_readings_total}; 
 *       {@code telemetry_processor_sequence_gaps_total}; {@code telemetry_processor_too_late_for_window_total};</li>
 *   <li>{@code telemetry_processor_devices_offline_total}: ONLINE to OFFLINE transitions;</li>
 *   <li>{@code telemetry_processor_state_metrics_dropped_total}: readings of a new metric left out of a device
 *       state already holding {@code state.max-metrics-per-device} metrics;</li>
 *   <li>{@code telemetry_processor_windows_closed_total}: final aggregates emitted;</li>
 *   <li>{@code telemetry_processor_reorder_buffer_readings}: readings held for reordering;</li>
 *   <li>{@code telemetry_processor_alerts_total{state,kind}}: alert changes forwarded to the anomalies topic,
 *       {@code state} {@code raised} or {@code resolved}, {@code kind} the alert's kind (e.g.
 *       {@code THRESHOLD_ABOVE}, {@code OFFLINE}); counted per forward, so a transaction aborted and redone after
 *       a crash counts twice, while the topic holds it once;</li>
 *   <li>{@code telemetry_processor_latency_seconds{stage}}: {@code gateway_to_state} (gateway receipt to
 *       the state reflecting the reading) and {@code device_to_state} (device time to state, device-timed
 *       readings only), with p50/p90/p99 and histogram buckets.</li>
 * </ul>
 */
final class PipelineMetrics implements TopologyEvents {

    private final Counter accepted;
    private final Counter duplicates;
    private final Counter late;
    private final Counter outOfOrder;
    private final Counter sequenceGaps;
    private final Counter tooLateForWindow;
    private final Counter offline;
    private final Counter metricsDropped;
    private final Counter windows;
    private final AtomicLong buffered = new AtomicLong();
    private final Timer gatewayToState;
    private final Timer deviceToState;
    private final MeterRegistry registry;
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder("telemetry.processor.readings").tag("outcome", "accepted")
                .description("readings applied to device state (including late ones, which only count)")
                .register(registry);
        duplicates = Counter.builder("telemetry.processor.readings").tag("outcome", "duplicate")
                .description("readings dropped as duplicates").register(registry);
        late = Counter.builder("telemetry.processor.late.readings")
                .description("readings older than their metric's current value: counted, not applied")
                .register(registry);
        outOfOrder = Counter.builder("telemetry.processor.out.of.order.readings")
                .description("readings that arrived after a younger reading of the same device").register(registry);
        sequenceGaps = Counter.builder("telemetry.processor.sequence.gaps")
                .description("missing sequence numbers detected").register(registry);
        tooLateForWindow = Counter.builder("telemetry.processor.too.late.for.window")
                .description("readings whose window had closed (beyond the grace)").register(registry);
        metricsDropped = Counter.builder("telemetry.processor.state.metrics.dropped")
                .description("readings of a new metric left out of a device state that holds"
                        + " state.max-metrics-per-device metrics").register(registry);
        offline = Counter.builder("telemetry.processor.devices.offline")
                .description("devices marked OFFLINE after silence").register(registry);
        windows = Counter.builder("telemetry.processor.windows.closed")
                .description("final window aggregates emitted").register(registry);
        registry.gauge("telemetry.processor.reorder.buffer.readings", buffered);
        // every (state, kind) from the start, so that rate() and alerting on them work before the first alert
        for (String kind : AlertKinds.ALL) {
            for (Anomaly.State state : Anomaly.State.values()) {
                alertCounter(state, kind);
            }
        }
        gatewayToState = latency(registry, "gateway_to_state");
        deviceToState = latency(registry, "device_to_state");
    }

    private static Timer latency(MeterRegistry registry, String stage) {
        return Timer.builder("telemetry.processor.latency").tag("stage", stage)
                .description("time until the device state reflects a reading")
                .publishPercentiles(0.5, 0.9, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    @Override
    public void counted(DeviceCounters before, DeviceCounters after) {
        DeviceCounters b = before == null ? new DeviceCounters(0, 0, 0, 0, 0) : before;
        add(accepted, after.accepted() - b.accepted());
        add(duplicates, after.duplicates() - b.duplicates());
        add(late, after.late() - b.late());
        add(outOfOrder, after.outOfOrder() - b.outOfOrder());
        add(sequenceGaps, after.sequenceGaps() - b.sequenceGaps());
        add(tooLateForWindow, after.tooLateForWindow() - b.tooLateForWindow());
    }

    private static void add(Counter c, long delta) {
        if (delta > 0) {
            c.increment(delta);
        }
    }

    @Override
    public void reflected(Reading reading, long now) {
        gatewayToState.record(Math.max(0, now - reading.receivedAt()), TimeUnit.MILLISECONDS);
        if (reading.timeSource() == TimeSource.DEVICE) {
            deviceToState.record(Math.max(0, now - reading.eventTime()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void metricDropped() {
        metricsDropped.increment();
    }

    @Override
    public void wentOffline() {
        offline.increment();
    }

    @Override
    public void windowClosed() {
        windows.increment();
    }

    @Override
    public void buffered(int delta) {
        buffered.addAndGet(delta);
    }

    @Override
    public void alerted(Anomaly change) {
        alertCounter(change.state(), change.kind()).increment();
    }

    private Counter alertCounter(Anomaly.State state, String kind) {
        String s = state.name().toLowerCase(Locale.ROOT);
        return alerts.computeIfAbsent(s + '/' + kind, k -> Counter.builder("telemetry.processor.alerts")
                .tag("state", s).tag("kind", kind)
                .description("alert changes published to the anomalies topic, by state and kind")
                .register(registry));
    }
}
