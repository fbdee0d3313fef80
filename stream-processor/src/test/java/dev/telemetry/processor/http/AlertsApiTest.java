package dev.telemetry.processor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.processor.http.security.ApiSecurity;
import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Json;
import dev.telemetry.model.Rule;
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
import dev.telemetry.processor.query.StoreUnavailableException;
import dev.telemetry.processor.query.WindowLookup;
import dev.telemetry.processor.rules.RuleCatalog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/rules}, {@code /api/v1/anomalies} and the {@code anomaly} event, against in-memory fakes. */
class AlertsApiTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeRules rules = new FakeRules();
    private final List<ApiServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(ApiServer::close);
        registry.close();
    }

    private ApiServer server(AlertQueries alerts, DeviceQueries devices, EventHub hub) {
        ApiServer s = ApiServer.start("127.0.0.1", 0, "127.0.0.1", devices,
                (d, m, from, to) -> new WindowLookup.Found(List.of()), () -> Readiness.ready("RUNNING"), registry,
                new HttpPeerClient(), hub, alerts, rules, ApiSecurity.off());
        servers.add(s);
        return s;
    }

    private ApiServer server() {
        return server(new FakeAlerts(Set.of(0)), new NoDevices(Cluster.ALONE), null);
    }

    @Test
    void shouldCreateReplaceListAndDeleteARule() throws Exception {
        ApiServer s = server();

        HttpResponse<String> created = send(s, "PUT", "/api/v1/rules/boiler-overheat", """
                {"devices": "boiler-*", "metric": "temperature",
                 "condition": {"type": "above", "threshold": 80, "hysteresis": 2}, "for": "30s"}""");
        HttpResponse<String> replaced = send(s, "PUT", "/api/v1/rules/boiler-overheat", """
                {"id": "boiler-overheat", "metric": "temperature", "condition": {"type": "above", "threshold": 85},
                 "severity": "critical"}""");
        send(s, "PUT", "/api/v1/rules/a-first", """
                {"metric": "humidity", "condition": {"type": "nodata", "duration": "5m"}}""");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/rules/boiler-overheat");
        assertThat(json(created).get("for").asText()).isEqualTo("30s");
        assertThat(json(created).get("clearFor").asText()).isEqualTo("0s");
        assertThat(json(created).get("severity").asText()).isEqualTo("warning");
        assertThat(replaced.statusCode()).isEqualTo(200);
        JsonNode got = json(send(s, "GET", "/api/v1/rules/boiler-overheat", null));
        assertThat(got.get("severity").asText()).isEqualTo("critical");
        assertThat(got.get("devices").asText()).isEqualTo("*");
        List<String> ids = new ArrayList<>();
        json(send(s, "GET", "/api/v1/rules", null)).get("items").forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).containsExactly("a-first", "boiler-overheat");

        assertThat(send(s, "DELETE", "/api/v1/rules/boiler-overheat", null).statusCode()).isEqualTo(204);
        assertThat(send(s, "GET", "/api/v1/rules/boiler-overheat", null).statusCode()).isEqualTo(404);
        assertThat(send(s, "DELETE", "/api/v1/rules/boiler-overheat", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerBadRulesWithA400SayingWhatIsWrong() throws Exception {
        ApiServer s = server();
        Map<String, String> cases = Map.of(
                "{\"metric\": \"t\", \"condition\": {\"type\": \"above\", \"threshhold\": 80}}",
                "unknown field 'condition.threshhold'",
                "{\"metric\": \"t\", \"condition\": {\"type\": \"above\", \"threshold\": 80}, \"sevrity\": \"info\"}",
                "unknown field 'sevrity'",
                "{\"metric\": \"t\", \"condition\": {\"type\": \"above\", \"threshold\": 80}, \"for\": \"soon\"}",
                "for: must be a duration like",
                "{\"metric\": \"t\", \"condition\": {\"type\": \"nodata\", \"duration\": 300}}",
                "condition.duration: must be a duration string",
                "{\"metric\": \"t\", \"condition\": {\"type\": \"above\"}}",
                "condition.threshold is required for type 'above'",
                "{\"metric\": \"t\"}", "condition is required",
                "{\"id\": \"other\", \"metric\": \"t\", \"condition\": {\"type\": \"above\", \"threshold\": 1}}",
                "differs from the id in the path",
                "{\"metric\": \"t\", \"condition\": {\"type\": \"above\", \"threshold\": \"hot\"}}",
                "condition.threshold",
                "[1, 2]", "a JSON object",
                "{not json", "the body must be a rule as JSON");

        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = send(s, "PUT", "/api/v1/rules/r1", c.getKey());

            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
            assertThat(json(r).get("message").asText()).as(c.getKey()).contains(c.getValue());
        }
        HttpResponse<String> badId = send(s, "PUT", "/api/v1/rules/bad:id", "{}");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).get("message").asText()).contains("rule id must be");
        assertThat(rules.rules).isEmpty();
    }

    @Test
    void shouldSayAcceptedWhenKafkaHasTheRuleButThisInstanceHasNotCaughtUp() throws Exception {
        ApiServer s = server();
        rules.visible = false;

        HttpResponse<String> r = send(s, "PUT", "/api/v1/rules/r1",
                "{\"metric\": \"t\", \"condition\": {\"type\": \"below\", \"threshold\": 0}}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("id").asText()).isEqualTo("r1");
    }

    @Test
    void shouldAnswerUnavailableWhileTheRulesCannotBeReadOrWritten() throws Exception {
        ApiServer s = server();
        rules.unavailable = true;
        assertThat(send(s, "GET", "/api/v1/rules", null).statusCode()).isEqualTo(503);
        assertThat(send(s, "GET", "/api/v1/rules/r1", null).headers().firstValue("Retry-After")).hasValue("1");
        rules.unavailable = false;
        rules.kafkaDown = true;

        HttpResponse<String> r = send(s, "PUT", "/api/v1/rules/r1",
                "{\"metric\": \"t\", \"condition\": {\"type\": \"below\", \"threshold\": 0}}");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("message").asText()).contains("Kafka did not acknowledge");
    }

    @Test
    void shouldListOpenAlertsOfOneDeviceOrOfThisInstanceNewestFirst() throws Exception {
        FakeAlerts alerts = new FakeAlerts(Set.of(0, 1));
        alerts.add(alert("a1", "d1", 1_000), alert("a2", "d2", 3_000), alert("a3", "d1", 2_000));
        ApiServer s = server(alerts, new NoDevices(Cluster.ALONE), null);

        JsonNode d1 = json(send(s, "GET", "/api/v1/anomalies?active=true&deviceId=d1", null));
        JsonNode all = json(send(s, "GET", "/api/v1/anomalies?limit=2", null));
        JsonNode local = json(send(s, "GET", "/api/v1/anomalies?scope=local", null));

        assertThat(ids(d1)).containsExactly("a3", "a1");
        assertThat(d1.get("truncated").asBoolean()).isFalse();
        assertThat(d1.get("items").get(0).get("state").asText()).isEqualTo("RAISED");
        assertThat(ids(all)).containsExactly("a2", "a3");
        assertThat(all.get("truncated").asBoolean()).isTrue();
        assertThat(local.get("partitions")).hasSize(2);
    }

    @Test
    void shouldRejectBadAnomalyQueries() throws Exception {
        ApiServer s = server();
        for (String q : List.of("active=false", "limit=0", "limit=1001", "limit=many", "deviceId=bad%20id",
                "scope=galaxy")) {
            HttpResponse<String> r = send(s, "GET", "/api/v1/anomalies?" + q, null);

            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void shouldMergeTheOpenAlertsOfEveryInstance() throws Exception {
        FakeAlerts onB = new FakeAlerts(Set.of(1));
        onB.add(alert("b1", "dev-b", 5_000), alert("b2", "dev-b2", 1_000));
        ApiServer b = server(onB, new NoDevices(Cluster.ALONE), null);
        FakeAlerts onA = new FakeAlerts(Set.of(0));
        onA.add(alert("a1", "dev-a", 3_000));
        ApiServer a = server(onA, new NoDevices(new Cluster(List.of("127.0.0.1:" + b.port()), Set.of(0, 1))), null);

        JsonNode fleet = json(send(a, "GET", "/api/v1/anomalies", null));

        assertThat(ids(fleet)).containsExactly("b1", "a1", "b2");
        b.close();
        HttpResponse<String> bGone = send(a, "GET", "/api/v1/anomalies", null);
        assertThat(bGone.statusCode()).isEqualTo(503);
        assertThat(json(bGone).get("message").asText()).contains("does not answer");
    }

    @Test
    void shouldForwardADevicesAlertsToItsOwnerAndAnswerUnavailableWhenNoneIsKnown() throws Exception {
        FakeAlerts onB = new FakeAlerts(Set.of(1));
        onB.add(alert("b1", "dev-b", 5_000));
        ApiServer b = server(onB, new NoDevices(Cluster.ALONE), null);
        FakeAlerts onA = new FakeAlerts(Set.of(0));
        onA.remote = new AlertLookup.Remote("127.0.0.1", b.port());
        ApiServer a = server(onA, new NoDevices(Cluster.ALONE), null);

        HttpResponse<String> r = send(a, "GET", "/api/v1/anomalies?deviceId=dev-b", null);

        assertThat(ids(json(r))).containsExactly("b1");
        assertThat(r.headers().firstValue(Forwarding.SERVED_BY)).hasValue("127.0.0.1:" + b.port());
        onA.remote = null;
        onA.unavailable = true;
        assertThat(send(a, "GET", "/api/v1/anomalies?deviceId=dev-b", null).statusCode()).isEqualTo(503);
    }

    @Test
    void shouldStreamAnomalyEventsOnTheirOwnOrWithStateChanges() throws Exception {
        EventHub hub = new EventHub(100);
        ApiServer s = server(new FakeAlerts(Set.of(0)), new NoDevices(Cluster.ALONE), hub);
        BlockingQueue<String> anomalies = stream(s, "?types=anomaly");
        BlockingQueue<String> both = stream(s, "?types=state,anomaly&device=boiler-*");
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscribers() == 2);

        hub.publish("state", "boiler-1", "{\"deviceId\":\"boiler-1\"}");
        String alert = Json.mapper().writeValueAsString(alert("x1", "boiler-1", 1_000));
        hub.publish("anomaly", "boiler-1", alert);

        assertThat(nextEvent(anomalies)).isEqualTo("anomaly|2|" + alert);
        assertThat(nextEvent(both)).isEqualTo("state|1|{\"deviceId\":\"boiler-1\"}");
        assertThat(nextEvent(both)).isEqualTo("anomaly|2|" + alert);
    }

    static Anomaly alert(String id, String device, long time) {
        return new Anomaly(1, id, device, "temperature", "THRESHOLD_ABOVE", "warning", Anomaly.State.RAISED, time,
                time + 10, 90.0, 80.0, "hot", "temperature is 90, above 80 (rule hot)");
    }

    private HttpResponse<String> send(ApiServer s, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private BlockingQueue<String> stream(ApiServer s, String query) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/api/v1/events" + query))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(lines::add));
        return lines;
    }

    /** The next {@code event:}/{@code id:}/{@code data:} block, as "event|id|data". */
    private static String nextEvent(BlockingQueue<String> lines) throws InterruptedException {
        String event = null;
        String id = "";
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("an event line within 10 s").isNotNull();
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:") && event != null) {
                return event + "|" + id + "|" + line.substring(5).strip();
            }
        }
    }

    /** Rules in a map; switchable to "starting", to a Kafka that does not answer, or to a slow global store. */
    private static final class FakeRules implements RuleCatalog {
        final TreeMap<String, Rule> rules = new TreeMap<>();
        volatile boolean unavailable;
        volatile boolean kafkaDown;
        volatile boolean visible = true;

        private void check() {
            if (unavailable) {
                throw new StoreUnavailableException("the processor is starting");
            }
        }

        @Override
        public synchronized List<Rule> all() {
            check();
            return List.copyOf(rules.values());
        }

        @Override
        public synchronized Optional<Rule> find(String id) {
            check();
            return Optional.ofNullable(rules.get(id));
        }

        @Override
        public synchronized Written put(Rule rule) {
            check();
            if (kafkaDown) {
                throw new WriteFailedException("Kafka did not acknowledge within 10000 ms", null);
            }
            return new Written(rule, rules.put(rule.id(), rule) == null, visible);
        }

        @Override
        public synchronized boolean delete(String id) {
            check();
            return rules.remove(id) != null;
        }
    }

    /** Open alerts of this instance's partitions. */
    private static final class FakeAlerts implements AlertQueries {
        private final Set<Integer> partitions;
        private final List<Anomaly> open = new ArrayList<>();
        volatile AlertLookup.Remote remote;
        volatile boolean unavailable;

        FakeAlerts(Set<Integer> partitions) {
            this.partitions = partitions;
        }

        void add(Anomaly... alerts) {
            open.addAll(List.of(alerts));
        }

        @Override
        public AlertLookup active(String deviceId, boolean allowStale) {
            if (unavailable) {
                return new AlertLookup.Unavailable("rebalancing");
            }
            if (remote != null) {
                return remote;
            }
            return new AlertLookup.Found(open.stream().filter(a -> a.deviceId().equals(deviceId))
                    .sorted(AlertPage.ORDER).toList(), false);
        }

        @Override
        public AlertPage activeLocal(int limit) {
            List<Anomaly> sorted = open.stream().sorted(AlertPage.ORDER).toList();
            return new AlertPage(sorted.subList(0, Math.min(limit, sorted.size())), sorted.size() > limit, partitions);
        }
    }

    /** Device queries that only know the cluster. */
    private record NoDevices(Cluster cluster) implements DeviceQueries {
        @Override
        public DeviceLookup find(String deviceId) {
            return new DeviceLookup.NotFound(deviceId);
        }

        @Override
        public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
            return new DevicePage(List.of(), null);
        }
    }
}
