package dev.telemetry.processor.query;

/**
 * What the HTTP layer asks about windows. The Kafka Streams implementation is {@link DeviceQueryService}.
 */
public interface WindowQueries {

    /**
     * The windows, open and closed, of one metric of one device whose start lies in {@code [from, to]}, in
     * start order. Windows are kept for {@code windows.retention} of stream time.
     *
     * @param deviceId a valid device id
     * @param metric   a valid metric name
     */
    WindowLookup windows(String deviceId, String metric, long from, long to);

    /**
     * Like {@link #windows(String, String, long, long)}; with {@code allowStale} the answer may come from a
     * standby replica or a restoring store ({@link WindowLookup.Found#stale()}).
     */
    default WindowLookup windows(String deviceId, String metric, long from, long to, boolean allowStale) {
        return windows(deviceId, metric, from, to);
    }
}
