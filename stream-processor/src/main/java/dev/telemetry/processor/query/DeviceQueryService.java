package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.WindowAggregate;
import dev.telemetry.processor.topology.WindowAccumulator;
import java.time.Instant;
import dev.telemetry.processor.topology.StateTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Device and window queries answered from this instance's Kafka Streams state ({@link StateTopology#STATE_STORE},
 * {@link StateTopology#WINDOW_STORE}; both are partitioned like the readings topic, by deviceId).
 *
 * <p>Who owns a key is decided in one place, {@link #owner}. A key owned by another instance is reported as
 * {@link DeviceLookup.Remote}; forwarding such queries (and merging fleet listings across instances) is the
 * scale-out work and not implemented yet. The foundation runs one instance, which owns every key.
 */
public final class DeviceQueryService implements DeviceQueries, WindowQueries {

    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final String readingsTopic;
    private final HostInfo self;
    private final StoreAccess stores;
    private final long windowSizeMs;

    /**
     * @param readingsTopic the topology's input topic, whose partitions are the store's partitions
     * @param self          this instance's {@code application.server}: keys whose owner is another host are
     *                      {@link DeviceLookup.Remote}
     * @param attempts      tries per query while the store is not queryable, at least 1
     * @param backoff       pause after the first failed try, doubling after each further one
     * @param windowSize    the topology's window size (the store keeps only window starts)
     */
    public DeviceQueryService(KafkaStreams streams, String readingsTopic, HostInfo self, int attempts,
            Duration backoff, Duration windowSize) {
        this.streams = streams;
        this.windowSizeMs = windowSize.toMillis();
        this.readingsTopic = readingsTopic;
        this.self = Objects.requireNonNull(self, "self");
        this.stores = new StoreAccess(streams, StateTopology.STATE_STORE, new StoreAccess.Retry(attempts, backoff));
    }

    /** With the default retries: 3 attempts, 50 ms then 100 ms apart. */
    public DeviceQueryService(KafkaStreams streams, String readingsTopic, HostInfo self, Duration windowSize) {
        this(streams, readingsTopic, self, StoreAccess.Retry.DEFAULT.attempts(), StoreAccess.Retry.DEFAULT.backoff(),
                windowSize);
    }

    @Override
    public DeviceLookup find(String deviceId) {
        KeyQueryMetadata owner;
        try {
            owner = owner(deviceId);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return new DeviceLookup.Unavailable("Kafka Streams is " + streams.state() + ": " + e.getMessage());
        }
        if (owner == null || owner.partition() < 0) {
            return new DeviceLookup.Unavailable("no partition assignment yet (Kafka Streams is " + streams.state()
                    + "; starting or rebalancing)");
        }
        HostInfo host = owner.activeHost();
        if (isRemote(host)) {
            // TODO(scale-out): forward to the owner (or a standby when stale reads are allowed)
            return new DeviceLookup.Remote(host.host(), host.port());
        }
        try {
            DeviceState state = stores.withRetries("device " + deviceId,
                    () -> stores.store(owner.partition()).get(deviceId));
            return state == null ? new DeviceLookup.NotFound(deviceId) : new DeviceLookup.Found(state);
        } catch (StoreUnavailableException e) {
            return new DeviceLookup.Unavailable(e.getMessage());
        }
    }

    @Override
    public WindowLookup windows(String deviceId, String metric, long from, long to) {
        KeyQueryMetadata owner;
        try {
            owner = owner(deviceId);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return new WindowLookup.Unavailable("Kafka Streams is " + streams.state() + ": " + e.getMessage());
        }
        if (owner == null || owner.partition() < 0) {
            return new WindowLookup.Unavailable("no partition assignment yet (Kafka Streams is " + streams.state()
                    + "; starting or rebalancing)");
        }
        HostInfo host = owner.activeHost();
        if (isRemote(host)) {
            // TODO(scale-out): forward to the owner (or a standby when stale reads are allowed)
            return new WindowLookup.Remote(host.host(), host.port());
        }
        try {
            return new WindowLookup.Found(stores.withRetries("windows of " + deviceId,
                    () -> localWindows(owner.partition(), deviceId, metric, from, to)));
        } catch (StoreUnavailableException e) {
            return new WindowLookup.Unavailable(e.getMessage());
        }
    }

    private List<WindowAggregate> localWindows(int partition, String deviceId, String metric, long from, long to) {
        ReadOnlyWindowStore<String, WindowAccumulator> store = stores.store(StateTopology.WINDOW_STORE,
                QueryableStoreTypes.windowStore(), partition);
        List<WindowAggregate> windows = new ArrayList<>();
        try (WindowStoreIterator<WindowAccumulator> it = store.fetch(StateTopology.windowKey(deviceId, metric),
                Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
            while (it.hasNext()) {
                KeyValue<Long, WindowAccumulator> kv = it.next();
                windows.add(kv.value.toAggregate(deviceId, metric, kv.key, kv.key + windowSizeMs));
            }
        }
        return windows;
    }

    @Override
    public DevicePage list(int limit, String cursorExclusive) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE_SIZE + ", got " + limit);
        }
        // a listing during a rebalance would silently miss the partitions in motion
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException("Kafka Streams is " + streams.state() + ", not RUNNING");
        }
        // TODO(scale-out): merge pages from every instance; today this lists the local partitions only
        return stores.withRetries("device listing", () -> localPage(limit, cursorExclusive));
    }

    /**
     * The one place that decides who owns a key. The result's partition is negative while Kafka Streams has
     * no assignment (starting, rebalancing). Needs {@code application.server} to be set: without it Kafka
     * Streams never has metadata.
     */
    KeyQueryMetadata owner(String deviceId) {
        return streams.queryMetadataForKey(StateTopology.STATE_STORE, deviceId, KEYS);
    }

    private boolean isRemote(HostInfo host) {
        return host != null && !host.equals(HostInfo.unavailable()) && !host.equals(self);
    }

    private DevicePage localPage(int limit, String cursorExclusive) {
        try (OpenIterators runs = new OpenIterators()) {
            for (int partition : localPartitions()) {
                ReadOnlyKeyValueStore<String, DeviceState> store = stores.store(partition);
                runs.add(store.range(cursorExclusive, null));
            }
            return SortedRuns.page(runs.all(), cursorExclusive, limit);
        }
    }

    /** Partitions of the readings topic whose active task runs here: the local shards of the store. */
    private Set<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(readingsTopic))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    /** Range iterators over several partitions, closed together so a listing never leaks RocksDB iterators. */
    private static final class OpenIterators implements AutoCloseable {
        private final List<KeyValueIterator<String, DeviceState>> open = new ArrayList<>();

        void add(KeyValueIterator<String, DeviceState> iterator) {
            open.add(iterator);
        }

        List<KeyValueIterator<String, DeviceState>> all() {
            return open;
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            for (KeyValueIterator<String, DeviceState> it : open) {
                try {
                    it.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
