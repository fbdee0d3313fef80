package dev.telemetry.model;

/**
 * Running counts for one device.
 *
 * @param accepted   readings applied to the state (including late ones, which feed windows)
 * @param late       readings older than the current value of their metric; they never overwrite it
 * @param duplicates readings dropped as duplicates
 * @param outOfOrder readings whose eventTime is older than the device's lastSeen
 * @param sequenceGaps gaps detected in the device's sequence numbers
 */
public record DeviceCounters(long accepted, long late, long duplicates, long outOfOrder, long sequenceGaps) {

    public static final DeviceCounters ZERO = new DeviceCounters(0, 0, 0, 0, 0);

    public DeviceCounters plusAccepted() {
        return new DeviceCounters(accepted + 1, late, duplicates, outOfOrder, sequenceGaps);
    }

    public DeviceCounters plusLate() {
        return new DeviceCounters(accepted, late + 1, duplicates, outOfOrder, sequenceGaps);
    }

    public DeviceCounters plusDuplicate() {
        return new DeviceCounters(accepted, late, duplicates + 1, outOfOrder, sequenceGaps);
    }

    public DeviceCounters plusOutOfOrder() {
        return new DeviceCounters(accepted, late, duplicates, outOfOrder + 1, sequenceGaps);
    }

    public DeviceCounters plusSequenceGaps(long gaps) {
        return new DeviceCounters(accepted, late, duplicates, outOfOrder, sequenceGaps + gaps);
    }
}
