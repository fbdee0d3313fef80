package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One state change of an alert episode, published on {@link Topics#ANOMALIES} keyed by {@code deviceId}:
 * first {@link State#RAISED}, later exactly one {@link State#RESOLVED} with the same {@code id}. Schema
 * version 1, documented in {@code docs/anomalies.md}; consumers must ignore fields they do not know.
 *
 * @param schema     the schema version, {@value #SCHEMA_VERSION}
 * @param id         stable per alert episode: the RAISED and the RESOLVED of one episode share it
 * @param deviceId   the device, same alphabet as {@link Reading#deviceId()}
 * @param metric     the metric the alert is about, or null for device-level alerts (offline)
 * @param kind       what was detected, e.g. {@code THRESHOLD_ABOVE}, {@code OFFLINE}, {@code OUTLIER}
 * @param severity   {@code info}, {@code warning} or {@code critical}
 * @param state      RAISED or RESOLVED
 * @param eventTime  epoch ms: event time of the reading that triggered this change (or, for time-based
 *                   conditions, the event time at which the condition was decided)
 * @param detectedAt epoch ms: wall-clock time the processor emitted this change
 * @param value      the triggering value, when numeric; may be null
 * @param threshold  the rule's threshold, or the detector's expected value; may be null
 * @param ruleId     the rule that raised it, or null for built-in detectors
 * @param message    one line for humans
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anomaly(
        int schema,
        String id,
        String deviceId,
        String metric,
        String kind,
        String severity,
        State state,
        long eventTime,
        long detectedAt,
        Double value,
        Double threshold,
        String ruleId,
        String message) {

    public static final int SCHEMA_VERSION = 1;

    /** Where an alert episode is. */
    public enum State {
        RAISED,
        RESOLVED
    }

    public Anomaly {
        if (!Reading.isValidName(deviceId)) {
            throw new IllegalArgumentException("deviceId must be 1..200 characters of [A-Za-z0-9._:/-], got '"
                    + deviceId + "'");
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
    }
}
