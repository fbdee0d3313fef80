package dev.telemetry.model;

/**
 * Names of the Kafka topics the pipeline reads and writes. See ARCHITECTURE.md, "Topics".
 *
 * <p>Every topic is keyed by deviceId unless stated otherwise, so that one device's records stay
 * in one partition from the gateway to the state store.
 */
public final class Topics {
    /** One {@link Reading} per record, JSON, key = deviceId. */
    public static final String READINGS = "telemetry.readings";
    /**
     * The readings of {@link #READINGS} after dedupe, per device in event-time order (released by the
     * processor's reorder buffer), key = deviceId. A reading that arrived after younger readings of its
     * device had been released carries the header {@code telemetry.late=true}. What detectors consume.
     */
    public static final String READINGS_ORDERED = "telemetry.readings.ordered";
    /** Raw payloads the gateway could not decode, untouched, with {@link DlqHeaders}. */
    public static final String DLQ = "telemetry.dlq";
    /** Birth / death / online / offline events, key = deviceId. */
    public static final String LIFECYCLE = "telemetry.lifecycle";
    /** Compacted changelog of {@link DeviceState}, key = deviceId. */
    public static final String DEVICE_STATE = "telemetry.device-state";
    /** Final one-minute window aggregates, key = deviceId. */
    public static final String AGGREGATES_1M = "telemetry.aggregates.1m";
    /** Alerts (RAISED / RESOLVED), key = deviceId. */
    public static final String ANOMALIES = "telemetry.anomalies";
    /** Compacted alert rules, key = ruleId. */
    public static final String RULES = "telemetry.rules";

    private Topics() {
    }
}
