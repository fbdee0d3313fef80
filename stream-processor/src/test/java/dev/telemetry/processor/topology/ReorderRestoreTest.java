package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reorder buffer after its store was restored (a new assignment, a rollback): {@link ReorderProcessor} reads
 * its store only in init, so what the store holds then must be released later, in order, and leave the store.
 * TopologyTestDriver initializes processors before a test could fill their stores, so this drives the processor
 * directly, on real in-memory stores.
 */
class ReorderRestoreTest {

    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, byte[]> buffer;
    private final ReorderProcessor processor = new ReorderProcessor(Duration.ofSeconds(2), TopologyEvents.NONE);

    @BeforeEach
    void stores() {
        context.setCurrentSystemTimeMs(100_000);
        buffer = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StateTopology.REORDER_BUFFER_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
        KeyValueStore<String, Long> released = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StateTopology.REORDER_RELEASED_STORE), Serdes.String(),
                        new TimestampSerde())
                .withLoggingDisabled().withCachingDisabled().build();
        buffer.init(context.getStateStoreContext(), buffer);
        released.init(context.getStateStoreContext(), released);
        context.addStateStore(buffer);
        context.addStateStore(released);
    }

    @Test
    void shouldReleaseWhatTheRestoredBufferHeldInOrderAndRemoveItFromTheStore() {
        // as restored from the changelog: two readings of one device waiting, stored out of arrival order
        Reading second = reading("dev", "t", 2.0, 2_000);
        Reading first = reading("dev", "t", 1.0, 1_000);
        restore(second, 11);
        restore(first, 12);
        processor.init(context);

        context.setCurrentStreamTimeMs(4_500);
        processor.process(new Record<>("dev", Arrival.fresh(reading("dev", "t", 4.5, 4_500)), 4_500L));

        List<Reading> ordered = new ArrayList<>();
        List<Reading> toAlerts = new ArrayList<>();
        for (var forwarded : context.forwarded()) {
            Object value = forwarded.record().value();
            if (StateTopology.ORDERED_SINK.equals(forwarded.childName().orElseThrow())) {
                ordered.add(TelemetrySerdes.reading().deserializer().deserialize("t", (byte[]) value));
            } else {
                assertThat(forwarded.childName()).contains(StateTopology.ALERTS);
                toAlerts.add((Reading) value);
            }
        }
        assertThat(ordered).containsExactly(first, second);
        assertThat(toAlerts).containsExactly(first, second);
        // released readings leave the store; the new one waits there (and in memory) until its turn
        assertThat(keys()).hasSize(1).allMatch(k -> k.startsWith(ReorderProcessor.timePrefix(4_500)));
    }

    @Test
    void shouldForgetWhatItHeldWhenInitializedAgainAfterARollback() {
        processor.init(context);
        context.setCurrentStreamTimeMs(1_000);
        processor.process(new Record<>("dev", Arrival.fresh(reading("dev", "t", 1.0, 1_000)), 1_000L));
        // the transaction is aborted: the store is restored to before that reading, and init runs again
        buffer.delete(keys().get(0));
        processor.init(context);

        context.setCurrentStreamTimeMs(9_000);
        processor.process(new Record<>("dev", Arrival.fresh(reading("dev", "t", 9.0, 9_000)), 9_000L));
        assertThat(context.forwarded()).isEmpty();
    }

    private void restore(Reading r, long offset) {
        byte[] json = TelemetrySerdes.reading().serializer().serialize("t", r);
        buffer.put(ReorderProcessor.bufferKey(r.eventTime(), r, offset),
                BufferedReadingSerde.encode(r.eventTime(), 0, json));
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = buffer.all()) {
            it.forEachRemaining((KeyValue<String, byte[]> kv) -> keys.add(kv.key));
        }
        return keys;
    }
}
