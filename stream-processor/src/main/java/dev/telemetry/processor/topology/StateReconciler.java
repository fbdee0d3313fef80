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
 *   <li>Sequence gaps are judged on in-order readings only (eventTime at or after lastSeen): a seq more than
 *       one above {@code maxSeq} adds the skipped count to {@code counters.sequenceGaps}; a lower seq on a
 *       strictly newer reading means the device restarted its sequence, and becomes the new base. Readings
 *       without seq, and out-of-order ones, leave the sequence alone (a gap later filled by an out-of-order
 *       arrival therefore stays counted; {@code outOfOrder} tells how often that can have happened).</li>
 * </ul>
 *
 * <p>Duplicates never reach {@link #reconcile}; {@link #duplicate} only counts them.
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
        return reconcile(current, reading, Integer.MAX_VALUE);
    }

    /**
     * Applies {@code reading} to {@code current}, keeping at most {@code maxMetrics} metrics: a reading of a
     * new metric beyond that is counted (accepted, like any other) but not kept, and
     * {@link Reconciliation#metricDropped()} says so. Metrics already in the state keep being updated.
     */
    public static Reconciliation reconcile(DeviceState current, Reading reading, int maxMetrics) {
        DeviceState base = current == null ? DeviceState.empty(reading.deviceId()) : current;
        if (!base.deviceId().equals(reading.deviceId())) {
            throw new IllegalArgumentException("reading of device '" + reading.deviceId()
                    + "' applied to the state of device '" + base.deviceId() + "'");
        }
        MetricState existing = base.metrics().get(reading.metric());
        boolean dropped = existing == null && base.metrics().size() >= maxMetrics;
        boolean wins = !dropped && (existing == null || supersedes(reading, existing));

        Map<String, MetricState> metrics = base.metrics();
        if (wins) {
            metrics = new HashMap<>(base.metrics());
            metrics.put(reading.metric(), MetricState.of(reading));
        }
        DeviceCounters counters = base.counters().plusAccepted();
        Long maxSeq = base.maxSeq();
        if (reading.seq() != null && reading.eventTime() >= base.lastSeen()) {
            long seq = reading.seq();
            if (maxSeq == null || (seq < maxSeq && reading.eventTime() > base.lastSeen())) {
                maxSeq = seq; // first seq, or the device restarted its sequence
            } else if (seq > maxSeq) {
                if (seq - maxSeq > 1) {
                    counters = counters.plusSequenceGaps(seq - maxSeq - 1);
                }
                maxSeq = seq;
            }
        }
        if (!wins && !dropped) {
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
                counters,
                maxSeq);
        return new Reconciliation(next, wins, dropped);
    }

    /**
     * The state after a duplicate of an already seen reading of {@code deviceId}: only
     * {@code counters.duplicates} moves; a duplicate is not data (it says nothing new about the device), so
     * it changes neither values, times nor status.
     */
    public static DeviceState duplicate(DeviceState current, String deviceId) {
        DeviceState base = current == null ? DeviceState.empty(deviceId) : current;
        return base.withCounters(base.counters().plusDuplicate());
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
