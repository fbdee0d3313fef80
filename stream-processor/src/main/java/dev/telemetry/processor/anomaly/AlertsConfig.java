package dev.telemetry.processor.anomaly;

import dev.telemetry.model.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * How the topology raises alerts (docs/anomalies.md). The keys are the processor's {@code alerts.*} and
 * {@code topics.anomalies} / {@code topics.rules}.
 *
 * @param anomaliesTopic         output: RAISED / RESOLVED {@code Anomaly} records, key deviceId
 * @param rulesTopic             input (compacted): the {@code Rule}s, key rule id
 * @param checkInterval          wall-clock period of the check that fires time-based transitions (no data,
 *                               {@code for} / {@code clearFor} expiry without new readings) and applies rule
 *                               changes and deletions to open alerts
 * @param idleAfter              wall-clock time the partition's stream time may stand still before the alert
 *                               clock follows the wall clock instead (so that silences are noticed on a partition
 *                               where nothing arrives any more)
 * @param outlierThreshold       score in (0, 1] at or above which an {@code outlier} rule without its own
 *                               threshold raises
 * @param offline                raise OFFLINE alerts when the device state turns OFFLINE
 * @param sequenceGaps           raise SEQUENCE_GAP alerts when a device's sequence numbers skip
 * @param sequenceGapsClearAfter resolve a SEQUENCE_GAP episode after this long without a new gap
 * @param lateData               raise LATE_DATA alerts for readings later than the window grace
 * @param lateDataClearAfter     resolve a LATE_DATA episode after this long without another too-late reading
 */
public record AlertsConfig(
        String anomaliesTopic,
        String rulesTopic,
        Duration checkInterval,
        Duration idleAfter,
        double outlierThreshold,
        boolean offline,
        boolean sequenceGaps,
        Duration sequenceGapsClearAfter,
        boolean lateData,
        Duration lateDataClearAfter) {

    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(10);
    public static final double DEFAULT_OUTLIER_THRESHOLD = 0.9999;
    public static final Duration DEFAULT_CLEAR_AFTER = Duration.ofMinutes(5);

    public AlertsConfig {
        Objects.requireNonNull(anomaliesTopic, "anomaliesTopic");
        Objects.requireNonNull(rulesTopic, "rulesTopic");
        if (anomaliesTopic.equals(rulesTopic)) {
            throw new IllegalArgumentException("anomalies and rules topics must differ, both are " + rulesTopic);
        }
        requirePositive("checkInterval", checkInterval);
        requirePositive("idleAfter", idleAfter);
        if (!(outlierThreshold > 0 && outlierThreshold <= 1)) {
            throw new IllegalArgumentException("outlierThreshold must be in (0, 1], got " + outlierThreshold);
        }
        requirePositive("sequenceGapsClearAfter", sequenceGapsClearAfter);
        requirePositive("lateDataClearAfter", lateDataClearAfter);
    }

    /** The {@link Topics} names and the defaults above; every built-in detector on. */
    public static AlertsConfig defaults() {
        return new AlertsConfig(Topics.ANOMALIES, Topics.RULES, DEFAULT_CHECK_INTERVAL, DEFAULT_IDLE_AFTER,
                DEFAULT_OUTLIER_THRESHOLD, true, true, DEFAULT_CLEAR_AFTER, true, DEFAULT_CLEAR_AFTER);
    }

    /** These settings with other topics. */
    public AlertsConfig withTopics(String anomalies, String rules) {
        return new AlertsConfig(anomalies, rules, checkInterval, idleAfter, outlierThreshold, offline, sequenceGaps,
                sequenceGapsClearAfter, lateData, lateDataClearAfter);
    }

    /** These settings with other check and idle intervals. */
    public AlertsConfig withClock(Duration newCheckInterval, Duration newIdleAfter) {
        return new AlertsConfig(anomaliesTopic, rulesTopic, newCheckInterval, newIdleAfter, outlierThreshold, offline,
                sequenceGaps, sequenceGapsClearAfter, lateData, lateDataClearAfter);
    }

    /** These settings with the built-in detectors switched and their quiet periods set. */
    public AlertsConfig withBuiltIns(boolean newOffline, boolean newSequenceGaps, Duration gapsClearAfter,
            boolean newLateData, Duration lateClearAfter) {
        return new AlertsConfig(anomaliesTopic, rulesTopic, checkInterval, idleAfter, outlierThreshold, newOffline,
                newSequenceGaps, gapsClearAfter, newLateData, lateClearAfter);
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + d);
        }
    }
}
