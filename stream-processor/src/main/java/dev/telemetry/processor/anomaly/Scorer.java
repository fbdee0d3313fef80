package dev.telemetry.processor.anomaly;

import dev.telemetry.processor.anomaly.stat.StreamingDetector;

/** Scores the next value of one series with the statistical detector, keeping the detector's state. */
@FunctionalInterface
public interface Scorer {

    /** @return the detector's score of {@code value} (in [0, 1]) and what it expected */
    StreamingDetector.Scored<?> score(long time, double value);
}
