package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Reading;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each reading to its device's state in {@link StateTopology#STATE_STORE} with
 * {@link StateReconciler}, and forwards the new state.
 *
 * <p><b>Emits on every reading</b>, late ones included: each reading changes the counters, so the
 * output topic stays an exact changelog of the store and a consumer of {@code telemetry.device-state}
 * sees what the query API returns. The output volume therefore equals the input volume. If that becomes
 * a cost, emit only when {@link Reconciliation#metricsChanged()} (or status) changed and publish counters
 * on a wall-clock punctuation instead.
 *
 * <p>The output record's timestamp is the state's lastReceived (the gateway's receipt time), not the
 * reading's eventTime: it is monotonic per device and cannot lie far in the future because of a device's
 * clock, which brokers reject ({@code log.message.timestamp.after.max.ms}).
 */
final class DeviceStateProcessor implements FixedKeyProcessor<String, Reading, DeviceState> {

    private static final Logger log = LoggerFactory.getLogger(DeviceStateProcessor.class);

    private FixedKeyProcessorContext<String, DeviceState> context;
    private KeyValueStore<String, DeviceState> store;

    @Override
    public void init(FixedKeyProcessorContext<String, DeviceState> context) {
        this.context = context;
        this.store = context.getStateStore(StateTopology.STATE_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Reading> record) {
        Reading reading = record.value();
        if (reading == null) {
            log.debug("ignoring a tombstone on the readings topic ({})", where());
            return;
        }
        if (!reading.deviceId().equals(record.key())) {
            // The key decides the partition and so the task holding the device's state; trusting the
            // value's deviceId would put the state where queries for that device never look.
            log.warn("skipping a reading whose key '{}' is not its deviceId '{}' ({}); producers must key"
                    + " readings by deviceId", record.key(), reading.deviceId(), where());
            return;
        }
        Reconciliation result = StateReconciler.reconcile(store.get(record.key()), reading);
        DeviceState state = result.state();
        store.put(record.key(), state);
        long timestamp = state.lastReceived() >= 0 ? state.lastReceived() : record.timestamp();
        context.forward(record.withValue(state).withTimestamp(timestamp));
    }

    private String where() {
        return context.recordMetadata()
                .map(m -> "task " + context.taskId() + ", topic " + m.topic() + ", partition " + m.partition()
                        + ", offset " + m.offset())
                .orElse("task " + context.taskId());
    }
}
