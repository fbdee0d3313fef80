package dev.telemetry.processor.anomaly;

/** The detectors that need no rule, each switchable in the configuration ({@code alerts.*}). */
public enum BuiltIn {
    /** The device state turned OFFLINE (no data for {@code device.offline-after}); resolved by its next reading. */
    OFFLINE("offline", AlertKinds.OFFLINE, "warning"),
    /** The device's sequence numbers skipped; resolved after {@code alerts.sequence-gaps.clear-after} without one. */
    SEQUENCE_GAP("sequence-gap", AlertKinds.SEQUENCE_GAP, "warning"),
    /** Readings arrived later than the window grace; resolved after {@code alerts.late-data.clear-after} without one. */
    LATE_DATA("late-data", AlertKinds.LATE_DATA, "info");

    private final String id;
    private final String kind;
    private final String severity;

    BuiltIn(String id, String kind, String severity) {
        this.id = id;
        this.kind = kind;
        this.severity = severity;
    }

    /** In series keys: {@code builtin:<id>}. */
    public String id() {
        return id;
    }

    /** The alert's {@code kind}. */
    public String kind() {
        return kind;
    }

    public String severity() {
        return severity;
    }

    static BuiltIn byId(String id) {
        for (BuiltIn b : values()) {
            if (b.id.equals(id)) {
                return b;
            }
        }
        return null;
    }
}
