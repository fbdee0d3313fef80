package dev.telemetry.processor.anomaly.stat;

/**
 * A streaming anomaly detector for one series (one device's metric): pure, with its whole memory in an
 * explicit, bounded, JSON-serializable state so that the topology can keep it in a changelogged store and
 * the NAB evaluation can run the very same code over a CSV file.
 *
 * @param <S> the state, a Jackson-serializable record of bounded size
 */
public interface StreamingDetector<S> {

    /** The state before the first value. */
    S initial();

    /** The state's class, for the store's serde. */
    Class<S> stateClass();

    /**
     * Scores one value, in event-time order.
     *
     * @param state       the state after the previous value
     * @param timestampMs the value's event time, epoch ms
     * @param value       a finite number
     * @return the new state and the score of this value
     */
    Scored<S> update(S state, long timestampMs, double value);

    /**
     * @param state    the state to keep
     * @param score    anomaly likelihood in [0, 1]; 0 while the detector is still learning
     * @param expected what the detector expected, for the alert's {@code threshold/expected} field; may be NaN
     */
    record Scored<S>(S state, double score, double expected) {
    }
}
