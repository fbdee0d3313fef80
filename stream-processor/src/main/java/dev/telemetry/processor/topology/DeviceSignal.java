package dev.telemetry.processor.topology;

import dev.telemetry.processor.anomaly.BuiltIn;
import java.util.Objects;

/**
 * What the device state saw that a built-in detector alerts on, sent from {@link StateTopology#RECONCILE} to
 * {@link StateTopology#ALERTS}. Lives only between processors of one task (never serialized).
 *
 * @param deviceId the device
 * @param detector which built-in detector it concerns
 * @param bad      true: trouble (OFFLINE, a gap, a too-late reading); false: OFFLINE is over (data again)
 * @param count    how many (missing sequence numbers, too-late readings); 0 for OFFLINE / ONLINE
 * @param time     event time: the reading's, or for OFFLINE the moment the silence reached the timeout
 */
record DeviceSignal(String deviceId, BuiltIn detector, boolean bad, long count, long time) {

    DeviceSignal {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(detector, "detector");
    }
}
