package dev.telemetry.processor.topology;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global {@link StateTopology#RULES_STORE} equal to the rules topic (a tombstone deletes) and tells the
 * alert processors that the rules changed, so that they reload them before their next reading instead of at
 * their next check. Values are kept as raw bytes: the alert processors parse them and skip invalid ones, so a
 * bad record on the topic cannot stop the global thread. (When the global store is restored at start-up Kafka
 * Streams bypasses this processor; the alert processors load the store when they start, so nothing is missed.)
 */
final class RulesStoreUpdater implements Processor<String, byte[], Void, Void> {

    private final AtomicLong version;
    private KeyValueStore<String, byte[]> store;

    /** @param version incremented on every change; shared with the alert processors of this topology */
    RulesStoreUpdater(AtomicLong version) {
        this.version = version;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StateTopology.RULES_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        version.incrementAndGet();
    }
}
