package dev.telemetry.processor.query;

import java.util.Objects;

/**
 * Stands in for the real query service while the processor starts: the HTTP server must be listening
 * before Kafka Streams is created, because Kafka Streams needs the server's port for
 * {@code application.server}. Until {@link #bind} is called every query answers "unavailable" and the
 * instance is not ready.
 */
public final class DeferredQueries implements DeviceQueries, WindowQueries, ReadinessCheck {

    private static final String STARTING = "the processor is starting";

    private volatile DeviceQueries queries;
    private volatile WindowQueries windows;
    private volatile ReadinessCheck readiness;

    /** From now on, answer with these. */
    public void bind(DeviceQueries queries, ReadinessCheck readiness) {
        bind(queries, (device, metric, from, to) -> new WindowLookup.Unavailable("window queries are not bound"),
                readiness);
    }

    /** From now on, answer with these. */
    public void bind(DeviceQueries queries, WindowQueries windows, ReadinessCheck readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    @Override
    public DeviceLookup find(String deviceId) {
        return find(deviceId, false);
    }

    @Override
    public DeviceLookup find(String deviceId, boolean allowStale) {
        DeviceQueries q = queries;
        return q == null ? new DeviceLookup.Unavailable(STARTING) : q.find(deviceId, allowStale);
    }

    @Override
    public WindowLookup windows(String deviceId, String metric, long from, long to) {
        return windows(deviceId, metric, from, to, false);
    }

    @Override
    public WindowLookup windows(String deviceId, String metric, long from, long to, boolean allowStale) {
        WindowQueries w = windows;
        return w == null ? new WindowLookup.Unavailable(STARTING) : w.windows(deviceId, metric, from, to, allowStale);
    }

    @Override
    public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
        DeviceQueries q = queries;
        if (q == null) {
            throw new StoreUnavailableException(STARTING);
        }
        return q.list(limit, cursorExclusive, filter);
    }

    @Override
    public Cluster cluster() {
        DeviceQueries q = queries;
        if (q == null) {
            throw new StoreUnavailableException(STARTING);
        }
        return q.cluster();
    }

    @Override
    public Readiness check() {
        ReadinessCheck r = readiness;
        return r == null ? Readiness.notReady("CREATED", STARTING) : r.check();
    }
}
