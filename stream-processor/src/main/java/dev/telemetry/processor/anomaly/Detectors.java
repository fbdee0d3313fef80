package dev.telemetry.processor.anomaly;

import dev.telemetry.processor.anomaly.stat.BlockZScoreDetector;
import dev.telemetry.processor.anomaly.stat.StreamingDetector;

/**
 * Where the topology gets its statistical detector: the one place to change to run another
 * {@link StreamingDetector}.
 */
public final class Detectors {

    private Detectors() {
    }

    /**
     * The detector of {@code outlier} rules, one state per (device, rule, metric): the block z-score detector,
     * evaluated on NAB (see {@code docs/anomalies.md}, Statistical detection). It scores 0 while it learns its
     * first 100 values.
     */
    public static StreamingDetector<?> outlier() {
        return new BlockZScoreDetector();
    }
}
