package dev.telemetry.processor.query;

import java.util.Objects;

/**
 * Stands in for the real query service while the processor starts: the HTTP server must be listening
 * before Kafka Streams is created, because Kafka Streams needs the server's port for
 * {@code application.server}. Until {@link #bind} is called every query answers "unavailable" and the
 * instance is not ready.
 */
public final class DeferredQueries implements DeviceQueries, WindowQueries, AlertQueries, ReadinessCheck {

    private static final String STARTING = "the processor is starting";

    private volatile DeviceQueries queries;
    private volatile WindowQueries windows;
    private volatile ReadinessCheck readiness;
    private volatile AlertQueries alerts;

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

    /** From now on, answer alert queries with these. */
    public void bindAlerts(AlertQueries alertQueries) {
        this.alerts = Objects.requireNonNull(alertQueries, "alertQueries");
    }

    @Override
    public AlertLookup active(String deviceId, boolean allowStale) {
        AlertQueries a = alerts;
        return a == null ? new AlertLookup.Unavailable(STARTING) : a.active(deviceId, allowStale);
    }

    @Override
    public AlertPage activeLocal(int limit) {
        AlertQueries a = alerts;
        if (a == null) {
            throw new StoreUnavailableException(STARTING);
        }
        return a.activeLocal(limit);
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
