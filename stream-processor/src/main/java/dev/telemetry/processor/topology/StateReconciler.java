package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.Reading;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds readings into a {@link DeviceState}, independently of the order they arrive in (ARCHITECTURE.md,
 * "Current state"). Pure: no I/O, no clock, no Kafka.
 *
 * <ul>
 *   <li>Per metric the state keeps the reading with the greatest eventTime. Ties: the higher seq wins, a
 *       missing seq losing to any seq; when seq ties too, the reading that arrived first stays.</li>
 *   <li>A reading that does not win is <em>late</em>: it never overwrites the metric, and increments
 *       {@code counters.late}.</li>
 *   <li>Every reading increments {@code counters.accepted} (late ones too: they still feed windows);
 *       a reading older than the device's lastSeen increments {@code counters.outOfOrder}.</li>
 *   <li>lastSeen is the greatest eventTime, lastReceived the greatest receivedAt, of any reading; data
 *       makes the device ONLINE.</li>
 * </ul>
 *
 * <p>Because the counters move with every reading, the resulting state always differs from the previous
 * one; {@link Reconciliation#metricsChanged()} tells whether the metric values did.
 */
public final class StateReconciler {

    private StateReconciler() {
    }

    /** The new state after {@code reading}; see {@link #reconcile}. */
    public static DeviceState apply(DeviceState current, Reading reading) {
        return reconcile(current, reading).state();
    }

    /**
     * Applies {@code reading} to {@code current}.
     *
     * @param current the device's state, or null when none exists yet
     * @throws IllegalArgumentException when the reading belongs to another device
     */
    public static Reconciliation reconcile(DeviceState current, Reading reading) {
        DeviceState base = current == null ? DeviceState.empty(reading.deviceId()) : current;
        if (!base.deviceId().equals(reading.deviceId())) {
            throw new IllegalArgumentException("reading of device '" + reading.deviceId()
                    + "' applied to the state of device '" + base.deviceId() + "'");
        }
        MetricState existing = base.metrics().get(reading.metric());
        boolean wins = existing == null || supersedes(reading, existing);

        Map<String, MetricState> metrics = base.metrics();
        if (wins) {
            metrics = new HashMap<>(base.metrics());
            metrics.put(reading.metric(), MetricState.of(reading));
        }
        DeviceCounters counters = base.counters().plusAccepted();
        if (!wins) {
            counters = counters.plusLate();
        }
        if (reading.eventTime() < base.lastSeen()) {
            counters = counters.plusOutOfOrder();
        }
        DeviceState next = new DeviceState(
                base.deviceId(),
                metrics,
                Math.max(base.lastSeen(), reading.eventTime()),
                Math.max(base.lastReceived(), reading.receivedAt()),
                DeviceStatus.ONLINE,
                counters);
        return new Reconciliation(next, wins);
    }

    /** True when {@code r} replaces {@code current}: newer, or as new with a higher seq. */
    static boolean supersedes(Reading r, MetricState current) {
        if (r.eventTime() != current.eventTime()) {
            return r.eventTime() > current.eventTime();
        }
        // a missing seq loses to any seq; equal seqs keep the first arrival
        if (r.seq() == null) {
            return false;
        }
        return current.seq() == null || r.seq() > current.seq();
    }
}
