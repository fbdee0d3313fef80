package dev.telemetry.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The always-current picture of one device, as kept by the stream processor and published to
 * {@link Topics#DEVICE_STATE}.
 *
 * @param deviceId     the device
 * @param metrics      per metric, the value with the greatest eventTime (sorted by metric name)
 * @param lastSeen     the greatest eventTime of any reading, epoch ms
 * @param lastReceived the greatest receivedAt of any reading, epoch ms
 * @param status       ONLINE or OFFLINE
 * @param counters     running counts (accepted, late, duplicates, ...)
 */
public record DeviceState(
        String deviceId,
        Map<String, MetricState> metrics,
        long lastSeen,
        long lastReceived,
        DeviceStatus status,
        DeviceCounters counters) {

    public DeviceState {
        Objects.requireNonNull(deviceId, "deviceId");
        // sorted by metric name so that JSON output is stable
        metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
        Objects.requireNonNull(status, "status");
        counters = counters == null ? DeviceCounters.ZERO : counters;
    }

    /** The state of a device no reading has been seen for. */
    public static DeviceState empty(String deviceId) {
        return new DeviceState(deviceId, Map.of(), Long.MIN_VALUE, Long.MIN_VALUE, DeviceStatus.OFFLINE,
                DeviceCounters.ZERO);
    }
}
