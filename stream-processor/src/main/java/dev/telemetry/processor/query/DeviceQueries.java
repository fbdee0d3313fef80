package dev.telemetry.processor.query;

/**
 * What the HTTP layer asks about devices. The Kafka Streams implementation is {@link DeviceQueryService};
 * tests use an in-memory one.
 */
public interface DeviceQueries {

    /** The most devices one {@link #list} call returns. */
    int MAX_PAGE_SIZE = 1000;

    /**
     * The current state of one device.
     *
     * @param deviceId a valid device id ({@code Reading.isValidName})
     */
    DeviceLookup find(String deviceId);

    /**
     * One page of devices in ascending deviceId order.
     *
     * @param limit           1..{@link #MAX_PAGE_SIZE}
     * @param cursorExclusive start after this deviceId (the previous page's {@code nextCursor}), or null for
     *                        the first page
     * @throws StoreUnavailableException when the state cannot be read right now (starting, rebalancing);
     *         the caller may retry shortly
     */
    DevicePage list(int limit, String cursorExclusive);
}
