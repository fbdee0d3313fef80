package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Running counts for one device.
 *
 * @param accepted         readings applied to the state (including late ones, which feed windows)
 * @param late             readings older than the current value of their metric; they never overwrite it
 * @param duplicates       readings dropped as duplicates
 * @param outOfOrder       readings whose eventTime is older than the device's lastSeen
 * @param sequenceGaps     sequence numbers skipped by in-order readings (see docs/semantics.md)
 * @param tooLateForWindow accepted readings that arrived after their window had closed (later than the
 *                         window grace): they are in the state, but in no window aggregate
 */
public record DeviceCounters(long accepted, long late, long duplicates, long outOfOrder, long sequenceGaps,
        // absent in states written before the field existed: read as 0, despite FAIL_ON_NULL_FOR_PRIMITIVES
        @JsonSetter(nulls = Nulls.AS_EMPTY) long tooLateForWindow) {

    public static final DeviceCounters ZERO = new DeviceCounters(0, 0, 0, 0, 0, 0);

    /** The counters as they were before {@code tooLateForWindow} existed. */
    public DeviceCounters(long accepted, long late, long duplicates, long outOfOrder, long sequenceGaps) {
        this(accepted, late, duplicates, outOfOrder, sequenceGaps, 0);
    }

    public DeviceCounters plusAccepted() {
        return new DeviceCounters(accepted + 1, late, duplicates, outOfOrder, sequenceGaps, tooLateForWindow);
    }

    public DeviceCounters plusLate() {
        return new DeviceCounters(accepted, late + 1, duplicates, outOfOrder, sequenceGaps, tooLateForWindow);
    }

    public DeviceCounters plusDuplicate() {
        return new DeviceCounters(accepted, late, duplicates + 1, outOfOrder, sequenceGaps, tooLateForWindow);
    }

    public DeviceCounters plusOutOfOrder() {
        return new DeviceCounters(accepted, late, duplicates, outOfOrder + 1, sequenceGaps, tooLateForWindow);
    }

    public DeviceCounters plusSequenceGaps(long gaps) {
        return new DeviceCounters(accepted, late, duplicates, outOfOrder, sequenceGaps + gaps, tooLateForWindow);
    }

    public DeviceCounters plusTooLateForWindow() {
        return new DeviceCounters(accepted, late, duplicates, outOfOrder, sequenceGaps, tooLateForWindow + 1);
    }
}
