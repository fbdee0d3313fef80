package dev.telemetry.processor.http;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Rule;
import dev.telemetry.processor.http.security.ApiSecurity;
import dev.telemetry.processor.events.EventHub;
import dev.telemetry.processor.query.AlertLookup;
import dev.telemetry.processor.query.AlertPage;
import dev.telemetry.processor.query.AlertQueries;
import dev.telemetry.processor.query.Cluster;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DeviceLookup;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.Readiness;
import dev.telemetry.processor.query.WindowLookup;
import dev.telemetry.processor.rules.RuleCatalog;
import dev.telemetry.processor.testing.Readings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One API server over in-memory fakes, for the security tests: it owns the devices whose id starts with its
 * {@code prefix} (partition {@code partition}); any other device is owned by {@link #peer} (as Kafka Streams'
 * metadata would say), and every call to a peer is recorded with the Authorization it carried.
 */
final class SecuredInstance implements DeviceQueries, AutoCloseable {

    /** One call to another instance. */
    record PeerCall(String hostPort, String pathAndQuery, String authorization) {
    }

    final String prefix;
    final int partition;
    final List<PeerCall> calls = new CopyOnWriteArrayList<>();
    final Map<String, Rule> rules = new ConcurrentHashMap<>();
    final EventHub events = new EventHub(100);
    volatile SecuredInstance peer;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private ApiServer server;

    SecuredInstance(String prefix, int partition) {
        this.prefix = prefix;
        this.partition = partition;
    }

    SecuredInstance start(ApiSecurity security) {
        HttpPeerClient http = new HttpPeerClient();
        server = ApiServer.start("127.0.0.1", 0, "127.0.0.1", this,
                (d, m, from, to) -> new WindowLookup.Found(List.of()), () -> Readiness.ready("RUNNING"), registry,
                (hostPort, pathAndQuery, authorization) -> {
                    calls.add(new PeerCall(hostPort, pathAndQuery, authorization));
                    return http.get(hostPort, pathAndQuery, authorization);
                }, events, new Alerts(), new Rules(), security);
        return this;
    }

    int port() {
        return server.port();
    }

    String self() {
        return "127.0.0.1:" + port();
    }

    @Override
    public DeviceLookup find(String deviceId) {
        if (deviceId.startsWith(prefix)) {
            return new DeviceLookup.Found(Readings.state(deviceId, 21.5, 1_000), false);
        }
        return new DeviceLookup.Remote("127.0.0.1", peer.port());
    }

    @Override
    public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
        return new DevicePage(List.of(Readings.state(prefix + "1", 20, 1_000)), null, Set.of(partition));
    }

    @Override
    public Cluster cluster() {
        return peer == null ? new Cluster(List.of(), Set.of(partition))
                : new Cluster(List.of(peer.self()), Set.of(partition, peer.partition));
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }

    private final class Alerts implements AlertQueries {
        @Override
        public AlertLookup active(String deviceId, boolean allowStale) {
            return deviceId.startsWith(prefix) ? new AlertLookup.Found(List.of(), false)
                    : new AlertLookup.Remote("127.0.0.1", peer.port());
        }

        @Override
        public AlertPage activeLocal(int limit) {
            return new AlertPage(List.of(), false, Set.of(partition));
        }
    }

    private final class Rules implements RuleCatalog {
        @Override
        public List<Rule> all() {
            return List.copyOf(rules.values());
        }

        @Override
        public Optional<Rule> find(String id) {
            return Optional.ofNullable(rules.get(id));
        }

        @Override
        public Written put(Rule rule) {
            return new Written(rule, rules.put(rule.id(), rule) == null, true);
        }

        @Override
        public boolean delete(String id) {
            return rules.remove(id) != null;
        }
    }
}
