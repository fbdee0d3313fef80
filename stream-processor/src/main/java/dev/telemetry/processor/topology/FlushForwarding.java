package dev.telemetry.processor.topology;

import java.util.function.ToLongBiFunction;
import org.apache.kafka.streams.kstream.internals.Change;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Publishes a cached store's newest value per key when its cache writes through (at every commit, and when the
 * cache evicts), the way a Kafka Streams KTable emits: one record per key and commit instead of one per write.
 * The readings of one MQTT message are consecutive records of one device, so this sends one device state where
 * there were as many as the message had readings, and the records it saves were the largest the processor
 * wrote.
 *
 * <p>Exactly-once holds as for a KTable: Kafka Streams flushes the caches before it flushes the producer and
 * commits the transaction, so what the flush forwards is in the same transaction as the input offsets and the
 * store's changelog records; on a rollback the task's stores are restored and the cache is dropped.
 *
 * <p>This uses Kafka Streams' internal flush-listener API, the same one its KTable sources and aggregations use
 * (there is no public one): the listener runs at commit, outside any {@code process} call, so it sets the
 * processor's node as the current one while it forwards. {@code TopologyTestDriver} commits after every input
 * record, so the topology tests see one record per input there; {@code DeviceStateTopologyTest} checks several
 * writes of one key within a commit.
 */
final class FlushForwarding {

    private FlushForwarding() {
    }

    /**
     * Forwards {@code key, newest value} to {@code child} whenever {@code store}'s cache writes a key through.
     * Deletions are not forwarded.
     *
     * @param timestamp the output record's timestamp from the value and the timestamp of the record that wrote it
     * @return false when the store has no cache (the caller must then forward each write itself)
     */
    static <V> boolean install(ProcessorContext<String, Object> context, KeyValueStore<String, V> store, String child,
            ToLongBiFunction<V, Long> timestamp) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal) || !(store instanceof WrappedStateStore<?, ?, ?>)) {
            return false;
        }
        // the node whose init() is running: the listener forwards as this node
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
        @SuppressWarnings("unchecked")
        WrappedStateStore<?, String, V> wrapped = (WrappedStateStore<?, String, V>) store;
        return wrapped.setFlushListener((Record<String, Change<V>> record) -> {
            V value = record.value().newValue;
            if (value == null) {
                return;
            }
            ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
            internal.setCurrentNode(node);
            try {
                context.forward(new Record<>(record.key(), value, timestamp.applyAsLong(value, record.timestamp())),
                        child);
            } finally {
                internal.setCurrentNode(previous);
            }
        }, false);
    }
}
