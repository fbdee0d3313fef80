package dev.telemetry.processor.query;

import java.util.Objects;

/**
 * Stands in for the real query service while the processor starts: the HTTP server must be listening
 * before Kafka Streams is created, because Kafka Streams needs the server's port for
 * {@code application.server}. Until {@link #bind} is called every query answers "unavailable" and the
 * instance is not ready.
 */
public final class DeferredQueries implements DeviceQueries, ReadinessCheck {

    private static final String STARTING = "the processor is starting";

    private volatile DeviceQueries queries;
    private volatile ReadinessCheck readiness;

    /** From now on, answer with these. */
    public void bind(DeviceQueries queries, ReadinessCheck readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    @Override
    public DeviceLookup find(String deviceId) {
        DeviceQueries q = queries;
        return q == null ? new DeviceLookup.Unavailable(STARTING) : q.find(deviceId);
    }

    @Override
    public DevicePage list(int limit, String cursorExclusive) {
        DeviceQueries q = queries;
        if (q == null) {
            throw new StoreUnavailableException(STARTING);
        }
        return q.list(limit, cursorExclusive);
    }

    @Override
    public Readiness check() {
        ReadinessCheck r = readiness;
        return r == null ? Readiness.notReady("CREATED", STARTING) : r.check();
    }
}
