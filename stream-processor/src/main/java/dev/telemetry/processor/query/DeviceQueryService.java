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
import org.apache.kafka.streams.StreamsMetadata;
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
 * <p>Who owns a key is decided in one place, {@link #owner}, and where its query is answered in
 * {@link KeyRouting}: here (the active store, or with stale reads allowed a standby or restoring one), at
 * another instance ({@link DeviceLookup.Remote}, which the HTTP layer forwards to), or nowhere right now.
 * Listings cover this instance's active partitions; {@link #cluster()} names the other instances, whose
 * listings the HTTP layer merges.
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
        return find(deviceId, false);
    }

    @Override
    public DeviceLookup find(String deviceId, boolean allowStale) {
        Route route = route(deviceId, allowStale);
        if (route instanceof Route.Elsewhere elsewhere) {
            return new DeviceLookup.Remote(elsewhere.host().host(), elsewhere.host().port());
        }
        if (route instanceof Route.Nowhere nowhere) {
            return new DeviceLookup.Unavailable(nowhere.reason());
        }
        Route.Here here = (Route.Here) route;
        try {
            return localState(here, deviceId);
        } catch (StoreUnavailableException e) {
            if (allowStale && !here.stale()) {
                // the active store here is still restoring: what it has restored so far is a stale answer
                try {
                    return localState(new Route.Here(here.partition(), true), deviceId);
                } catch (StoreUnavailableException staleToo) {
                    e.addSuppressed(staleToo);
                }
            }
            return new DeviceLookup.Unavailable(e.getMessage());
        }
    }

    private DeviceLookup localState(Route.Here here, String deviceId) {
        DeviceState state = stores.withRetries("device " + deviceId,
                () -> stores.store(StateTopology.STATE_STORE, QueryableStoreTypes.<String, DeviceState>keyValueStore(),
                        here.partition(), here.stale()).get(deviceId));
        return state == null ? new DeviceLookup.NotFound(deviceId) : new DeviceLookup.Found(state, here.stale());
    }

    @Override
    public WindowLookup windows(String deviceId, String metric, long from, long to) {
        return windows(deviceId, metric, from, to, false);
    }

    @Override
    public WindowLookup windows(String deviceId, String metric, long from, long to, boolean allowStale) {
        Route route = route(deviceId, allowStale);
        if (route instanceof Route.Elsewhere elsewhere) {
            return new WindowLookup.Remote(elsewhere.host().host(), elsewhere.host().port());
        }
        if (route instanceof Route.Nowhere nowhere) {
            return new WindowLookup.Unavailable(nowhere.reason());
        }
        Route.Here here = (Route.Here) route;
        try {
            return localWindows(here, deviceId, metric, from, to);
        } catch (StoreUnavailableException e) {
            if (allowStale && !here.stale()) {
                // the active store here is still restoring: what it has restored so far is a stale answer
                try {
                    return localWindows(new Route.Here(here.partition(), true), deviceId, metric, from, to);
                } catch (StoreUnavailableException staleToo) {
                    e.addSuppressed(staleToo);
                }
            }
            return new WindowLookup.Unavailable(e.getMessage());
        }
    }

    private WindowLookup localWindows(Route.Here here, String deviceId, String metric, long from, long to) {
        return new WindowLookup.Found(stores.withRetries("windows of " + deviceId,
                () -> readWindows(here, deviceId, metric, from, to)), here.stale());
    }

    /** Where a key's query is answered; see {@link KeyRouting}. */
    private Route route(String deviceId, boolean allowStale) {
        KeyQueryMetadata owner;
        try {
            owner = owner(deviceId);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return new Route.Nowhere("Kafka Streams is " + streams.state() + ": " + e.getMessage());
        }
        return KeyRouting.route(owner, self, allowStale, streams.state().toString());
    }

    private List<WindowAggregate> readWindows(Route.Here here, String deviceId, String metric, long from,
            long to) {
        ReadOnlyWindowStore<String, WindowAccumulator> store = stores.store(StateTopology.WINDOW_STORE,
                QueryableStoreTypes.windowStore(), here.partition(), here.stale());
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
    public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE_SIZE + ", got " + limit);
        }
        // a listing during a rebalance would silently miss the partitions in motion
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException("Kafka Streams is " + streams.state() + ", not RUNNING");
        }
        return stores.withRetries("device listing", () -> localPage(limit, cursorExclusive, filter));
    }

    /**
     * The other instances and every actively assigned partition, from Kafka Streams' metadata (which the
     * group leader distributes with each assignment).
     */
    @Override
    public Cluster cluster() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException("Kafka Streams is " + streams.state() + ", not RUNNING");
        }
        List<String> peers = new ArrayList<>();
        Set<Integer> partitions = new TreeSet<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (!instance.stateStoreNames().contains(StateTopology.STATE_STORE)) {
                continue;
            }
            instance.topicPartitions().stream().filter(tp -> tp.topic().equals(readingsTopic))
                    .forEach(tp -> partitions.add(tp.partition()));
            HostInfo host = instance.hostInfo();
            if (!host.equals(self) && !host.equals(HostInfo.unavailable())) {
                peers.add(host.host() + ":" + host.port());
            }
        }
        return new Cluster(peers, partitions);
    }

    /**
     * The one place that decides who owns a key. The result's partition is negative while Kafka Streams has
     * no assignment (starting, rebalancing). Needs {@code application.server} to be set: without it Kafka
     * Streams never has metadata.
     */
    KeyQueryMetadata owner(String deviceId) {
        return streams.queryMetadataForKey(StateTopology.STATE_STORE, deviceId, KEYS);
    }

    private DevicePage localPage(int limit, String cursorExclusive, DeviceFilter filter) {
        Set<Integer> partitions = localPartitions();
        try (OpenIterators runs = new OpenIterators()) {
            for (int partition : partitions) {
                ReadOnlyKeyValueStore<String, DeviceState> store = stores.store(partition);
                runs.add(store.range(cursorExclusive, null));
            }
            DevicePage page = SortedRuns.page(runs.all(), cursorExclusive, limit, filter);
            return new DevicePage(page.items(), page.nextCursor(), partitions);
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
