package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceState;
import java.util.Objects;

/**
 * The outcome of applying one reading to a device's state.
 *
 * @param state          the new state; never null. Its counters always differ from the previous state's,
 *                       because every reading is counted.
 * @param metricsChanged true when the reading became the current value of its metric; false when it was
 *                       late (older than the current value, or a tie it did not win) and only the counters,
 *                       lastReceived and status moved
 * @param metricDropped  true when the reading was of a new metric while the device's state already held the
 *                       maximum number of metrics: counted, not kept
 */
public record Reconciliation(DeviceState state, boolean metricsChanged, boolean metricDropped) {

    public Reconciliation {
        Objects.requireNonNull(state, "state");
    }

    public Reconciliation(DeviceState state, boolean metricsChanged) {
        this(state, metricsChanged, false);
    }

    /** True when the reading did not overwrite the current value of its metric. */
    public boolean late() {
        return !metricsChanged;
    }
}
