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
     * Like {@link #find(String)}; with {@code allowStale} the answer may come from a standby replica or a
     * restoring store ({@link DeviceLookup.Found#stale()}), or point to an instance with a standby replica when
     * the owner is unknown.
     */
    default DeviceLookup find(String deviceId, boolean allowStale) {
        return find(deviceId);
    }

    /**
     * One page of the devices this instance owns (its active partitions), in ascending deviceId order,
     * only those matching {@code filter}.
     *
     * @param limit           1..{@link #MAX_PAGE_SIZE}
     * @param cursorExclusive start after this deviceId (the previous page's {@code nextCursor}), or null for
     *                        the first page
     * @throws StoreUnavailableException when the state cannot be read right now (starting, rebalancing);
     *         the caller may retry shortly
     */
    DevicePage list(int limit, String cursorExclusive, DeviceFilter filter);

    /** {@link #list(int, String, DeviceFilter)} without a filter. */
    default DevicePage list(int limit, String cursorExclusive) {
        return list(limit, cursorExclusive, DeviceFilter.ALL);
    }

    /**
     * The other instances whose local listings make up the fleet listing, and the partitions they must
     * cover together with this one.
     *
     * @throws StoreUnavailableException while the membership is not known (starting, rebalancing)
     */
    default Cluster cluster() {
        return Cluster.ALONE;
    }
}
