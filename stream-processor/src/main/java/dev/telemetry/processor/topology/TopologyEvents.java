package dev.telemetry.processor.topology;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.Reading;

/**
 * What the topology does, for metrics. Called on stream threads: implementations must be thread-safe,
 * fast, and must not throw. The topology never depends on a metrics library; tests use {@link #NONE}.
 */
public interface TopologyEvents {

    /** Ignores every event. */
    TopologyEvents NONE = new TopologyEvents() {
    };

    /** A reading changed a device's counters from {@code before} (null for a new device) to {@code after}. */
    default void counted(DeviceCounters before, DeviceCounters after) {
    }

    /** A reading became its metric's current value at wall-clock time {@code now}. */
    default void reflected(Reading reading, long now) {
    }

    /** A reading of a new metric was left out of its device's state: the state holds the maximum of metrics. */
    default void metricDropped() {
    }

    /** A silent device was marked OFFLINE. */
    default void wentOffline() {
    }

    /** A window closed and its final aggregate was emitted. */
    default void windowClosed() {
    }

    /** The reorder buffers hold {@code delta} more (or, negative, fewer) readings. */
    default void buffered(int delta) {
    }

    /** An alert was RAISED or RESOLVED (forwarded to the anomalies topic). */
    default void alerted(Anomaly change) {
    }
}
