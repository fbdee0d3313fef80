package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param maxSeq       the highest sequence number of the device's in-order readings since it last restarted
 *                     its sequence, the base for {@code counters.sequenceGaps}; absent (null) when the device
 *                     sends no sequence numbers
 */
public record DeviceState(
        String deviceId,
        Map<String, MetricState> metrics,
        long lastSeen,
        long lastReceived,
        DeviceStatus status,
        DeviceCounters counters,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long maxSeq) {

    public DeviceState {
        Objects.requireNonNull(deviceId, "deviceId");
        // sorted by metric name so that JSON output is stable
        metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
        Objects.requireNonNull(status, "status");
        counters = counters == null ? DeviceCounters.ZERO : counters;
    }

    /** A state without a sequence number, as before {@code maxSeq} existed. */
    public DeviceState(String deviceId, Map<String, MetricState> metrics, long lastSeen, long lastReceived,
            DeviceStatus status, DeviceCounters counters) {
        this(deviceId, metrics, lastSeen, lastReceived, status, counters, null);
    }

    /** The state of a device no reading has been seen for. */
    public static DeviceState empty(String deviceId) {
        return new DeviceState(deviceId, Map.of(), Long.MIN_VALUE, Long.MIN_VALUE, DeviceStatus.OFFLINE,
                DeviceCounters.ZERO, null);
    }

    /** This state with another status. */
    public DeviceState withStatus(DeviceStatus newStatus) {
        return new DeviceState(deviceId, metrics, lastSeen, lastReceived, newStatus, counters, maxSeq);
    }

    /** This state with other counters. */
    public DeviceState withCounters(DeviceCounters newCounters) {
        return new DeviceState(deviceId, metrics, lastSeen, lastReceived, status, newCounters, maxSeq);
    }
}
