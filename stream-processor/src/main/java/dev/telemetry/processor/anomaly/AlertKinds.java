package dev.telemetry.processor.anomaly;

import java.util.List;

/** The values of an alert's {@code kind} (docs/anomalies.md): one per rule condition, one per built-in detector. */
public final class AlertKinds {

    public static final String THRESHOLD_ABOVE = "THRESHOLD_ABOVE";
    public static final String THRESHOLD_BELOW = "THRESHOLD_BELOW";
    public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
    public static final String RATE_OF_CHANGE = "RATE_OF_CHANGE";
    public static final String NO_DATA = "NO_DATA";
    public static final String FLATLINE = "FLATLINE";
    public static final String OUTLIER = "OUTLIER";
    public static final String OFFLINE = "OFFLINE";
    public static final String SEQUENCE_GAP = "SEQUENCE_GAP";
    public static final String LATE_DATA = "LATE_DATA";

    public static final List<String> ALL = List.of(THRESHOLD_ABOVE, THRESHOLD_BELOW, OUT_OF_RANGE, RATE_OF_CHANGE,
            NO_DATA, FLATLINE, OUTLIER, OFFLINE, SEQUENCE_GAP, LATE_DATA);

    private AlertKinds() {
    }
}
