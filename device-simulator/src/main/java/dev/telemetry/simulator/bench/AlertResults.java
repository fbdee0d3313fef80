package dev.telemetry.simulator.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/** The alert scenario's figures: latency from publishing each spike to its RAISED record, and the missed ones. */
final class AlertResults {

    private AlertResults() {
    }

    /**
     * @param spikes   what was injected
     * @param raisedAt when the RAISED for a device arrived (epoch ms), or null when none did
     * @return {@code spikes, raised, missed, missedDevices, latencyMs: {p50, p90, p99, max}} (no latency
     *         entries when nothing was raised)
     */
    static Map<String, Object> summarize(List<SpikeInjector.Spike> spikes, Function<String, Long> raisedAt) {
        Histogram h = new Histogram(3_600_000L, 3);
        List<String> missed = new java.util.ArrayList<>();
        for (SpikeInjector.Spike s : spikes) {
            Long at = raisedAt.apply(s.deviceId());
            if (at == null) {
                missed.add(s.deviceId());
            } else {
                h.recordValue(Math.min(Math.max(0, at - s.publishedAt()), h.getHighestTrackableValue()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("spikes", spikes.size());
        out.put("raised", h.getTotalCount());
        out.put("missed", missed.size());
        out.put("missedDevices", missed);
        if (h.getTotalCount() > 0) {
            Map<String, Long> latency = new LinkedHashMap<>();
            latency.put("p50", h.getValueAtPercentile(50));
            latency.put("p90", h.getValueAtPercentile(90));
            latency.put("p99", h.getValueAtPercentile(99));
            latency.put("max", h.getMaxValue());
            out.put("alertLatencyMs", latency);
        }
        return out;
    }
}
