package dev.telemetry.processor.http;

import static dev.telemetry.processor.testing.Readings.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.Json;
import dev.telemetry.model.WindowAggregate;
import dev.telemetry.processor.query.Cluster;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DeviceLookup;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.Readiness;
import dev.telemetry.processor.query.WindowLookup;
import dev.telemetry.processor.query.WindowQueries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real HTTP servers with in-memory "stores" and a fake ownership map, talking over real HTTP: forwarding,
 * the one-hop rule, 503s, and the merged fleet listing. No Kafka.
 */
class ForwardingTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Instance a = new Instance(0);
    private final Instance b = new Instance(1);
    private ApiServer serverA;
    private ApiServer serverB;

    @BeforeEach
    void start() {
        serverA = a.start();
        serverB = b.start();
        a.peers = List.of(b.self());
        b.peers = List.of(a.self());
        a.peer = b;
        b.peer = a;
        // devices a-* live on A, b-* on B
        for (String id : List.of("a-1", "a-2", "a-3", "a-4")) {
            a.states.put(id, state(id, 1.0, 1_000));
        }
        for (String id : List.of("b-1", "b-2", "b-3")) {
            b.states.put(id, state(id, 2.0, 2_000));
        }
        b.states.put("b-2", state("b-2", 2.0, 2_000).withStatus(DeviceStatus.OFFLINE));
    }

    @AfterEach
    void stop() {
        serverA.close();
        serverB.close();
        registry.close();
    }

    @Test
    void shouldAnswerOwnKeysLocallyAndForwardOthersToTheirOwner() throws Exception {
        HttpResponse<String> local = get(a, "/api/v1/devices/a-1");
        HttpResponse<String> forwarded = get(a, "/api/v1/devices/b-1");

        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.headers().firstValue(Forwarding.SERVED_BY)).hasValue(a.self());
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue(Forwarding.SERVED_BY)).hasValue(b.self());
        assertThat(Json.mapper().readValue(forwarded.body(), DeviceState.class)).isEqualTo(b.states.get("b-1"));
        assertThat(a.sent.get()).isEqualTo(1);
        assertThat(b.sent.get()).isZero();
    }

    @Test
    void shouldRelayTheOwnersNotFoundAndStaleMarker() throws Exception {
        b.staleAnswers = true;

        HttpResponse<String> missing = get(a, "/api/v1/devices/b-none");
        HttpResponse<String> stale = get(a, "/api/v1/devices/b-3?allowStale=true");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue(Forwarding.SERVED_BY)).hasValue(b.self());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue(Forwarding.STALE)).hasValue("true");
        assertThat(b.lastAllowStale).isTrue();
    }

    @Test
    void shouldForwardWindowQueriesWithTheirParameters() throws Exception {
        HttpResponse<String> r = get(a, "/api/v1/devices/b-1/metrics/temperature/windows?from=0&to=120000");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue(Forwarding.SERVED_BY)).hasValue(b.self());
        assertThat(json(r).get("windows").get(0).get("deviceId").asText()).isEqualTo("b-1");
        assertThat(b.windowsAsked).isEqualTo("b-1|temperature|0|120000");
        assertThat(a.windowsAsked).isEqualTo("b-1|temperature|0|120000");
    }

    @Test
    void shouldNeverForwardAForwardedRequestAgain() throws Exception {
        // both instances believe the other owns "x-1" (metadata during a rebalance)
        a.disowned = "x-1";
        b.disowned = "x-1";

        HttpResponse<String> r = get(a, "/api/v1/devices/x-1");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(r.headers().firstValue(Forwarding.SERVED_BY)).hasValue(b.self());
        assertThat(json(r).get("message").asText()).contains("forwarded");
        // A forwarded once; B, receiving it forwarded, answered 503 instead of sending it back
        assertThat(a.sent.get()).isEqualTo(1);
        assertThat(b.sent.get()).isZero();
    }

    @Test
    void shouldAnswerUnavailableWhenTheOwnerDoesNotAnswer() throws Exception {
        a.peerOverride = "127.0.0.1:" + freePort();

        HttpResponse<String> device = get(a, "/api/v1/devices/b-1");
        HttpResponse<String> windows = get(a, "/api/v1/devices/b-1/metrics/t/windows");

        for (HttpResponse<String> r : List.of(device, windows)) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(r).get("message").asText()).contains("does not answer");
        }
    }

    @Test
    void shouldListTheWholeFleetFromEitherInstanceExactlyOnceInIdOrder() throws Exception {
        for (Instance entry : List.of(a, b)) {
            for (int limit : List.of(1, 2, 3, 100)) {
                assertThat(listAll(entry, "limit=" + limit)).as("from %s, limit %d", entry.self(), limit)
                        .containsExactly("a-1", "a-2", "a-3", "a-4", "b-1", "b-2", "b-3");
            }
            assertThat(listAll(entry, "limit=2&status=OFFLINE")).containsExactly("b-2");
            assertThat(listAll(entry, "limit=2&status=ONLINE"))
                    .containsExactly("a-1", "a-2", "a-3", "a-4", "b-1", "b-3");
            assertThat(listAll(entry, "limit=2&metric=humidity")).isEmpty();
        }
    }

    @Test
    void shouldListOnlyItsOwnDevicesWithItsPartitionsInLocalScope() throws Exception {
        JsonNode page = json(get(a, "/api/v1/devices?scope=local"));

        assertThat(ids(page)).containsExactly("a-1", "a-2", "a-3", "a-4");
        assertThat(page.get("partitions").get(0).asInt()).isEqualTo(0);
        assertThat(a.sent.get()).isZero();
    }

    @Test
    void shouldAnswerAForwardedListingLocallyWithoutAskingOthers() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + a.self() + "/api/v1/devices"))
                .header(Forwarding.FORWARDED, "1").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ids(json(r))).containsExactly("a-1", "a-2", "a-3", "a-4");
        assertThat(a.sent.get()).isZero();
    }

    @Test
    void shouldAnswerUnavailableRatherThanAPartialListing() throws Exception {
        a.peerOverride = "127.0.0.1:" + freePort();
        HttpResponse<String> unreachable = get(a, "/api/v1/devices");
        a.peerOverride = null;
        a.clusterPartitions = Set.of(0, 1, 2); // partition 2 is covered by nobody's answer
        HttpResponse<String> uncovered = get(a, "/api/v1/devices");

        assertThat(unreachable.statusCode()).isEqualTo(503);
        assertThat(unreachable.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(unreachable).get("message").asText()).contains("does not answer");
        assertThat(uncovered.statusCode()).isEqualTo(503);
        assertThat(json(uncovered).get("message").asText()).contains("[2]");
    }

    @Test
    void shouldAnswerUnavailableWhenAnotherInstanceIsRebalancing() throws Exception {
        b.listingUnavailable = true;

        HttpResponse<String> r = get(a, "/api/v1/devices");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("message").asText()).contains(b.self()).contains("503");
    }

    private List<String> listAll(Instance entry, String query) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = get(entry, "/api/v1/devices?" + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            ids.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null && ids.size() < 100);
        return ids;
    }

    private HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + instance.self() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("deviceId").asText()));
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * One instance: owns the devices in {@code states} (all in partition {@code partition}); every other id is
     * owned by {@code peer}, except {@code disowned}, which it believes the peer owns even when it does not.
     */
    private final class Instance implements DeviceQueries, WindowQueries {
        final TreeMap<String, DeviceState> states = new TreeMap<>();
        final int partition;
        final AtomicInteger sent = new AtomicInteger();
        volatile List<String> peers = List.of();
        volatile Instance peer;
        volatile String peerOverride;
        volatile String disowned;
        volatile boolean staleAnswers;
        volatile boolean listingUnavailable;
        volatile Boolean lastAllowStale;
        volatile String windowsAsked;
        volatile Set<Integer> clusterPartitions = Set.of(0, 1);
        private ApiServer server;

        Instance(int partition) {
            this.partition = partition;
        }

        ApiServer start() {
            HttpPeerClient http = new HttpPeerClient();
            server = ApiServer.start("127.0.0.1", 0, "127.0.0.1", this, this, () -> Readiness.ready("RUNNING"),
                    registry, (hostPort, pathAndQuery, authorization) -> {
                        sent.incrementAndGet();
                        return http.get(hostPort, pathAndQuery, authorization);
                    });
            return server;
        }

        String self() {
            return "127.0.0.1:" + server.port();
        }

        private boolean owns(String id) {
            return !id.equals(disowned) && (states.containsKey(id) || id.startsWith(partition == 0 ? "a-" : "b-"));
        }

        private String[] remote() {
            String target = peerOverride != null ? peerOverride : peer.self();
            return target.split(":");
        }

        @Override
        public DeviceLookup find(String deviceId) {
            return find(deviceId, false);
        }

        @Override
        public DeviceLookup find(String deviceId, boolean allowStale) {
            lastAllowStale = allowStale;
            if (!owns(deviceId)) {
                String[] r = remote();
                return new DeviceLookup.Remote(r[0], Integer.parseInt(r[1]));
            }
            DeviceState s = states.get(deviceId);
            return s == null ? new DeviceLookup.NotFound(deviceId) : new DeviceLookup.Found(s, staleAnswers && allowStale);
        }

        @Override
        public WindowLookup windows(String deviceId, String metric, long from, long to) {
            windowsAsked = deviceId + "|" + metric + "|" + from + "|" + to;
            if (!owns(deviceId)) {
                String[] r = remote();
                return new WindowLookup.Remote(r[0], Integer.parseInt(r[1]));
            }
            return new WindowLookup.Found(List.of(new WindowAggregate(deviceId, metric, "Cel", 0, 60_000, 1, 1.0, 1.0,
                    1.0, 0.0, 1.0, 1.0, 1_000, 1.0, 1_000, false)));
        }

        @Override
        public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
            if (listingUnavailable) {
                throw new dev.telemetry.processor.query.StoreUnavailableException("rebalancing");
            }
            List<DeviceState> items = new ArrayList<>(
                    (cursorExclusive == null ? states : states.tailMap(cursorExclusive, false)).values());
            items.removeIf(filter.negate());
            boolean more = items.size() > limit;
            List<DeviceState> page = more ? items.subList(0, limit) : items;
            return new DevicePage(page, more ? page.get(limit - 1).deviceId() : null, Set.of(partition));
        }

        @Override
        public Cluster cluster() {
            return new Cluster(peerOverride != null ? List.of(peerOverride) : peers, clusterPartitions);
        }
    }
}
