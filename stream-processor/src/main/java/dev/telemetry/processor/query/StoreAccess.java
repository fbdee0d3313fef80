package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Opens the local device-state store, and runs queries against it with a bounded number of attempts:
 * during a rebalance or restore the store throws {@link InvalidStateStoreException} for a moment, and a
 * short retry often rides that out. After the last attempt the caller gets a
 * {@link StoreUnavailableException}, never an endless wait.
 */
final class StoreAccess {

    /**
     * How often and how patiently to try.
     *
     * @param attempts tries in total, at least 1
     * @param backoff  pause after the first failure; doubles after each further one
     */
    record Retry(int attempts, Duration backoff) {
        static final Retry DEFAULT = new Retry(3, Duration.ofMillis(50));

        Retry {
            if (attempts < 1 || backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("attempts must be >= 1 and backoff >= 0");
            }
        }
    }

    private final KafkaStreams streams;
    private final String storeName;
    private final Retry retry;

    StoreAccess(KafkaStreams streams, String storeName, Retry retry) {
        this.streams = streams;
        this.storeName = storeName;
        this.retry = retry;
    }

    /**
     * The store of one local partition, or of all local partitions when {@code partition} is null.
     *
     * @throws InvalidStateStoreException when it is not queryable now; use inside {@link #withRetries}
     */
    ReadOnlyKeyValueStore<String, DeviceState> store(Integer partition) {
        return store(storeName, QueryableStoreTypes.keyValueStore(), partition);
    }

    /** Another local store of the topology, of one partition or of all when {@code partition} is null. */
    <S> S store(String name, QueryableStoreType<S> type, Integer partition) {
        return store(name, type, partition, false);
    }

    /**
     * A local store; with {@code stale} also a standby replica or a store that is still restoring
     * ({@link StoreQueryParameters#enableStaleStores()}).
     */
    <S> S store(String name, QueryableStoreType<S> type, Integer partition, boolean stale) {
        StoreQueryParameters<S> params = StoreQueryParameters.fromNameAndType(name, type);
        if (partition != null) {
            params = params.withPartition(partition);
        }
        return streams.store(stale ? params.enableStaleStores() : params);
    }

    /**
     * Runs {@code query}, trying again while it fails with {@link InvalidStateStoreException}.
     *
     * @throws StoreUnavailableException when every attempt failed, or the thread was interrupted
     */
    <T> T withRetries(String what, Supplier<T> query) {
        InvalidStateStoreException last = null;
        long pauseMs = retry.backoff().toMillis();
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            try {
                return query.get();
            } catch (InvalidStateStoreException e) {
                last = e;
            }
            if (attempt < retry.attempts()) {
                pause(pauseMs, what, last);
                pauseMs *= 2;
            }
        }
        throw new StoreUnavailableException(what + ": store " + storeName + " not queryable (Kafka Streams is "
                + streams.state() + "): " + last.getMessage(), last);
    }

    private static void pause(long millis, String what, InvalidStateStoreException cause) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StoreUnavailableException unavailable = new StoreUnavailableException(what + ": interrupted", cause);
            unavailable.addSuppressed(e);
            throw unavailable;
        }
    }
}
