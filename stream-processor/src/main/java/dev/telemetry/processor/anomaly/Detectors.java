package dev.telemetry.processor.anomaly;

import dev.telemetry.processor.anomaly.stat.StreamingDetector;

/**
 * Where the topology gets its statistical detector: the one place to change when the evaluated detector
 * (package {@code anomaly.stat}) replaces the interim {@link EwmaZScoreDetector}.
 */
public final class Detectors {

    private Detectors() {
    }

    /**
     * The detector of {@code outlier} rules, one state per (device, rule, metric). Interim: an EWMA z-score
     * detector (alpha 0.05, 30 values of warm-up).
     */
    public static StreamingDetector<?> outlier() {
        return new EwmaZScoreDetector(0.05, 30);
    }
}
