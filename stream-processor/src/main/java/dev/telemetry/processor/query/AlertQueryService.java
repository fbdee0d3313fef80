package dev.telemetry.processor.query;

import dev.telemetry.model.Anomaly;
import dev.telemetry.processor.anomaly.SeriesKey;
import dev.telemetry.processor.topology.StateTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Open alerts from this instance's {@link StateTopology#ACTIVE_ALERTS_STORE} (keyed by series key, which starts with
 * the device id, and partitioned like the readings by device id). One device's alerts are a prefix scan on the
 * owner's partition, routed like device queries ({@link KeyRouting}); a listing covers this instance's active
 * partitions and the HTTP layer merges the instances' listings.
 */
public final class AlertQueryService implements AlertQueries {

    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final String readingsTopic;
    private final HostInfo self;
    private final StoreAccess stores;

    public AlertQueryService(KafkaStreams streams, String readingsTopic, HostInfo self) {
        this.streams = streams;
        this.readingsTopic = readingsTopic;
        this.self = self;
        this.stores = new StoreAccess(streams, StateTopology.ACTIVE_ALERTS_STORE, StoreAccess.Retry.DEFAULT);
    }

    @Override
    public AlertLookup active(String deviceId, boolean allowStale) {
        Route route;
        try {
            KeyQueryMetadata owner = streams.queryMetadataForKey(StateTopology.ACTIVE_ALERTS_STORE, deviceId, KEYS);
            route = KeyRouting.route(owner, self, allowStale, streams.state().toString());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            route = new Route.Nowhere("Kafka Streams is " + streams.state() + ": " + e.getMessage());
        }
        if (route instanceof Route.Elsewhere elsewhere) {
            return new AlertLookup.Remote(elsewhere.host().host(), elsewhere.host().port());
        }
        if (route instanceof Route.Nowhere nowhere) {
            return new AlertLookup.Unavailable(nowhere.reason());
        }
        Route.Here here = (Route.Here) route;
        try {
            return new AlertLookup.Found(stores.withRetries("alerts of " + deviceId,
                    () -> ofDevice(store(here.partition(), here.stale()), deviceId)), here.stale());
        } catch (StoreUnavailableException e) {
            return new AlertLookup.Unavailable(e.getMessage());
        }
    }

    @Override
    public AlertPage activeLocal(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException("Kafka Streams is " + streams.state() + ", not RUNNING");
        }
        Set<Integer> partitions = localPartitions();
        return stores.withRetries("alert listing", () -> {
            // the newest `limit` in a bounded heap: an outage can open an alert per device
            PriorityQueue<Anomaly> newest = new PriorityQueue<>(AlertPage.ORDER.reversed());
            boolean truncated = false;
            for (int partition : partitions) {
                try (KeyValueIterator<String, Anomaly> it = store(partition, false).all()) {
                    while (it.hasNext()) {
                        newest.add(it.next().value);
                        if (newest.size() > limit) {
                            newest.poll();
                            truncated = true;
                        }
                    }
                }
            }
            List<Anomaly> items = new ArrayList<>(newest);
            items.sort(AlertPage.ORDER);
            return new AlertPage(items, truncated, partitions);
        });
    }

    private ReadOnlyKeyValueStore<String, Anomaly> store(int partition, boolean stale) {
        return stores.store(StateTopology.ACTIVE_ALERTS_STORE, QueryableStoreTypes.keyValueStore(), partition, stale);
    }

    private static List<Anomaly> ofDevice(ReadOnlyKeyValueStore<String, Anomaly> store, String deviceId) {
        List<Anomaly> alerts = new ArrayList<>();
        try (KeyValueIterator<String, Anomaly> it = store.prefixScan(SeriesKey.devicePrefix(deviceId), KEYS)) {
            it.forEachRemaining(kv -> alerts.add(kv.value));
        }
        alerts.sort(AlertPage.ORDER);
        return alerts;
    }

    /** Partitions of the readings topic whose active task runs here. */
    private Set<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(readingsTopic))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }
}
