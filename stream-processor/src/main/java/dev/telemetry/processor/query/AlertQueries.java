package dev.telemetry.processor.query;

/**
 * What the HTTP layer asks about open alerts. The Kafka Streams implementation is {@link AlertQueryService}.
 */
public interface AlertQueries {

    /** The most alerts one call returns. */
    int MAX_LIMIT = 1000;

    /**
     * The open alerts of one device, newest first: here, at another instance, or not right now.
     *
     * @param deviceId a valid device id
     */
    AlertLookup active(String deviceId, boolean allowStale);

    /**
     * The open alerts of the devices this instance owns (its active partitions), newest first.
     *
     * @param limit 1..{@link #MAX_LIMIT}
     * @throws StoreUnavailableException when they cannot be read right now (starting, rebalancing)
     */
    AlertPage activeLocal(int limit);
}
