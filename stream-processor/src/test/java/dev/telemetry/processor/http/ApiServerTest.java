package dev.telemetry.processor.http;

import static dev.telemetry.processor.testing.Readings.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.Json;
import dev.telemetry.model.WindowAggregate;
import dev.telemetry.processor.events.EventHub;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DeviceLookup;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.Readiness;
import dev.telemetry.processor.query.StoreUnavailableException;
import dev.telemetry.processor.query.WindowLookup;
import dev.telemetry.processor.query.WindowQueries;
import io.micrometer.core.instrument.Counter;
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
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {

    private final FakeQueries queries = new FakeQueries();
    private final FakeWindows windows = new FakeWindows();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Readiness readiness = Readiness.ready("RUNNING");
    private ApiServer server;

    @BeforeEach
    void start() {
        server = ApiServer.start("127.0.0.1", 0, queries, windows, () -> readiness, registry);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    void shouldReturnDeviceStateAsJson() throws Exception {
        queries.put(state("dev-1", 21.5, 1_000));

        HttpResponse<String> r = get("/api/v1/devices/dev-1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        DeviceState body = Json.mapper().readValue(r.body(), DeviceState.class);
        assertThat(body).isEqualTo(state("dev-1", 21.5, 1_000));
    }

    @Test
    void shouldAcceptDeviceIdsWithSlashesAndColons() throws Exception {
        queries.put(state("site:7/floor-2/dev.9", 1.0, 1_000));

        HttpResponse<String> r = get("/api/v1/devices/site:7/floor-2/dev.9");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("deviceId").asText()).isEqualTo("site:7/floor-2/dev.9");
    }

    @Test
    void shouldAnswerNotFoundForUnknownDevice() throws Exception {
        HttpResponse<String> r = get("/api/v1/devices/nobody");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("not_found");
        assertThat(json(r).get("message").asText()).contains("nobody");
    }

    @Test
    void shouldReturnWindowsOfOneMetricForDeviceIdsWithSlashes() throws Exception {
        windows.answer = new WindowLookup.Found(List.of(
                new WindowAggregate("site:7/floor-2/dev.9", "temperature", "Cel", 0, 60_000, 2, -1.5, 3.0, 1.5, 0.75,
                        2.25, -1.5, 1_000, 3.0, 2_000, true)));

        HttpResponse<String> r = get("/api/v1/devices/site:7/floor-2/dev.9/metrics/temperature/windows?from=0&to=120000");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("deviceId").asText()).isEqualTo("site:7/floor-2/dev.9");
        assertThat(body.get("windows")).hasSize(1);
        assertThat(body.get("windows").get(0).get("min").asDouble()).isEqualTo(-1.5);
        assertThat(body.get("windows").get(0).get("closed").asBoolean()).isTrue();
        assertThat(windows.asked).isEqualTo("site:7/floor-2/dev.9|temperature|0|120000");
        assertThat(queries.findCalls).isZero();
    }

    @Test
    void shouldAcceptIsoInstantsAndDefaultToEverythingRetained() throws Exception {
        assertThat(get("/api/v1/devices/d/metrics/t/windows?from=1970-01-01T00:01:00Z").statusCode()).isEqualTo(200);
        assertThat(windows.asked).isEqualTo("d|t|60000|" + Long.MAX_VALUE);
        assertThat(json(get("/api/v1/devices/d/metrics/t/windows")).get("windows")).isEmpty();
        assertThat(windows.asked).isEqualTo("d|t|0|" + Long.MAX_VALUE);
    }

    @Test
    void shouldRejectBadWindowRanges() throws Exception {
        for (String query : List.of("from=yesterday", "to=-5", "from=10&to=5")) {
            HttpResponse<String> r = get("/api/v1/devices/d/metrics/t/windows?" + query);

            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
        }
        assertThat(windows.asked).isNull();
    }

    @Test
    void shouldAnswerWindowsUnavailableWithRetryAfter() throws Exception {
        windows.answer = new WindowLookup.Unavailable("rebalancing");

        HttpResponse<String> r = get("/api/v1/devices/d/metrics/t/windows");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void shouldRejectInvalidDeviceId() throws Exception {
        HttpResponse<String> r = get("/api/v1/devices/bad%20id!");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
        assertThat(queries.findCalls).isZero();
    }

    @Test
    void shouldAnswerUnavailableWithRetryAfterWhileRebalancing() throws Exception {
        queries.unavailable = true;

        HttpResponse<String> one = get("/api/v1/devices/dev-1");
        HttpResponse<String> list = get("/api/v1/devices");

        assertThat(one.statusCode()).isEqualTo(503);
        assertThat(one.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(one).get("error").asText()).isEqualTo("unavailable");
        assertThat(list.statusCode()).isEqualTo(503);
        assertThat(list.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void shouldPageThroughDevicesInIdOrder() throws Exception {
        for (String id : List.of("d-3", "d-1", "d-5", "d-2", "d-4")) {
            queries.put(state(id, 1.0, 1_000));
        }

        JsonNode first = json(get("/api/v1/devices?limit=2"));
        JsonNode second = json(get("/api/v1/devices?limit=2&cursor=" + first.get("nextCursor").asText()));
        JsonNode last = json(get("/api/v1/devices?limit=2&cursor=" + second.get("nextCursor").asText()));

        assertThat(ids(first)).containsExactly("d-1", "d-2");
        assertThat(ids(second)).containsExactly("d-3", "d-4");
        assertThat(ids(last)).containsExactly("d-5");
        assertThat(last.has("nextCursor")).isTrue();
        assertThat(last.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void shouldUseDefaultLimitOfOneHundred() throws Exception {
        get("/api/v1/devices");

        assertThat(queries.lastLimit).isEqualTo(100);
    }

    @Test
    void shouldRejectBadLimits() throws Exception {
        for (String limit : List.of("0", "1001", "-1", "ten", "1.5")) {
            HttpResponse<String> r = get("/api/v1/devices?limit=" + limit);

            assertThat(r.statusCode()).as("limit=%s", limit).isEqualTo(400);
            assertThat(json(r).get("message").asText()).contains("limit");
        }
        assertThat(get("/api/v1/devices?limit=1000").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRejectBadStatusMetricScopeAndAllowStale() throws Exception {
        for (String query : List.of("/api/v1/devices?status=ASLEEP", "/api/v1/devices?status=1",
                "/api/v1/devices?metric=bad%20metric", "/api/v1/devices?scope=everything",
                "/api/v1/devices/d?allowStale=maybe", "/api/v1/devices/d/metrics/t/windows?allowStale=yes")) {
            HttpResponse<String> r = get(query);

            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(query).isEqualTo("bad_request");
        }
        assertThat(queries.lastFilter).isNull();
        assertThat(queries.findCalls).isZero();
        assertThat(windows.asked).isNull();
    }

    @Test
    void shouldFilterTheListingByStatusAndMetric() throws Exception {
        queries.put(state("d-1", 1.0, 1_000));
        queries.put(state("d-2", 1.0, 1_000).withStatus(DeviceStatus.OFFLINE));
        queries.put(state("d-3", 1.0, 1_000));

        JsonNode offline = json(get("/api/v1/devices?status=offline"));
        JsonNode online = json(get("/api/v1/devices?status=ONLINE&limit=1"));
        JsonNode withHumidity = json(get("/api/v1/devices?metric=humidity"));
        JsonNode withTemperature = json(get("/api/v1/devices?metric=temperature&status=ONLINE"));

        assertThat(ids(offline)).containsExactly("d-2");
        assertThat(ids(online)).containsExactly("d-1");
        assertThat(online.get("nextCursor").asText()).isEqualTo("d-1");
        assertThat(ids(withHumidity)).isEmpty();
        assertThat(ids(withTemperature)).containsExactly("d-1", "d-3");
    }

    @Test
    void shouldNameTheAnsweringInstanceAndMarkStaleAnswers() throws Exception {
        queries.put(state("d-1", 1.0, 1_000));
        queries.staleAnswers = true;

        HttpResponse<String> fresh = get("/api/v1/devices/d-1");
        HttpResponse<String> stale = get("/api/v1/devices/d-1?allowStale=true");

        assertThat(fresh.headers().firstValue("X-Telemetry-Served-By")).hasValue("127.0.0.1:" + server.port());
        assertThat(fresh.headers().firstValue("X-Telemetry-Stale")).isEmpty();
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("X-Telemetry-Stale")).hasValue("true");
    }

    @Test
    void shouldRejectMalformedCursor() throws Exception {
        HttpResponse<String> r = get("/api/v1/devices?cursor=%3Cscript%3E");

        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldReportLiveAlways() throws Exception {
        readiness = Readiness.notReady("REBALANCING", "Kafka Streams is REBALANCING");

        HttpResponse<String> r = get("/health/live");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldReportReadyOnlyWhenQueryable() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        readiness = Readiness.notReady("REBALANCING", "Kafka Streams is REBALANCING, not RUNNING");
        HttpResponse<String> notReady = get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("UP");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(json(notReady).get("status").asText()).isEqualTo("DOWN");
        assertThat(json(notReady).get("streamsState").asText()).isEqualTo("REBALANCING");
        assertThat(json(notReady).get("reason").asText()).contains("REBALANCING");
    }

    @Test
    void shouldServePrometheusMetrics() throws Exception {
        Counter.builder("test.requests").register(registry).increment(3);

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).contains("test_requests_total 3.0");
    }

    @Test
    void shouldAnswerUnknownPathsWithJsonNotFound() throws Exception {
        HttpResponse<String> r = get("/api/v2/nothing");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(r).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void shouldAnswerUnexpectedFailuresWithJson() throws Exception {
        queries.explode = true;

        HttpResponse<String> r = get("/api/v1/devices/dev-1");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).get("error").asText()).isEqualTo("internal_error");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("deviceId").asText()));
        return ids;
    }

    /** Window queries answering what the test set, remembering the last question. */
    /** Opens an event stream and collects its lines on a background thread. */
    private BlockingQueue<String> stream(int port, String query, String lastEventId) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"
                + query)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            req.header("Last-Event-ID", lastEventId);
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofLines())
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

    @Test
    void shouldStreamMatchingStateChangesAndResumeAfterLastEventId() throws Exception {
        EventHub hub = new EventHub(100);
        try (ApiServer sse = ApiServer.start("127.0.0.1", 0, "127.0.0.1", queries, windows, () -> readiness, registry,
                hub)) {
            BlockingQueue<String> boilers = stream(sse.port(), "?device=boiler-*&types=state", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscribers() == 1);

            hub.publish("state", "pump-1", "{\"deviceId\":\"pump-1\"}");
            hub.publish("state", "boiler-7", "{\"deviceId\":\"boiler-7\"}");

            assertThat(nextEvent(boilers)).isEqualTo("state|2|{\"deviceId\":\"boiler-7\"}");

            // a client that saw event 1 gets what it missed, filtered
            BlockingQueue<String> resumed = stream(sse.port(), "?device=boiler-*", "1");
            assertThat(nextEvent(resumed)).isEqualTo("state|2|{\"deviceId\":\"boiler-7\"}");
        }
    }

    @Test
    void shouldRejectUnknownEventTypesBadLastEventIdsAndNonStreamingClients() throws Exception {
        EventHub hub = new EventHub(10);
        try (ApiServer sse = ApiServer.start("127.0.0.1", 0, "127.0.0.1", queries, windows, () -> readiness, registry,
                hub)) {
            HttpResponse<String> type = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sse.port()
                    + "/api/v1/events?types=gossip")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> id = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sse.port()
                    + "/api/v1/events")).header("Accept", "text/event-stream").header("Last-Event-ID", "yesterday")
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + sse.port() + "/api/v1/events")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(type.statusCode()).isEqualTo(400);
            assertThat(type.body()).contains("unknown event type 'gossip'");
            assertThat(id.statusCode()).isEqualTo(400);
            assertThat(id.body()).contains("Last-Event-ID");
            assertThat(plain.statusCode()).isEqualTo(406);
            assertThat(plain.body()).contains("Accept: text/event-stream");
            assertThat(hub.subscribers()).isZero();
        }
    }

    private static final class FakeWindows implements WindowQueries {
        volatile WindowLookup answer = new WindowLookup.Found(List.of());
        volatile String asked;

        @Override
        public WindowLookup windows(String deviceId, String metric, long from, long to) {
            asked = deviceId + "|" + metric + "|" + from + "|" + to;
            return answer;
        }
    }

    /** Device queries from a sorted map, switchable to "rebalancing" or to failing. */
    private static final class FakeQueries implements DeviceQueries {
        final TreeMap<String, DeviceState> states = new TreeMap<>();
        volatile boolean unavailable;
        volatile boolean explode;
        volatile int findCalls;
        volatile int lastLimit;
        volatile DeviceFilter lastFilter;

        void put(DeviceState s) {
            states.put(s.deviceId(), s);
        }

        volatile boolean staleAnswers;

        @Override
        public synchronized DeviceLookup find(String deviceId, boolean allowStale) {
            DeviceLookup lookup = find(deviceId);
            return staleAnswers && allowStale && lookup instanceof DeviceLookup.Found found
                    ? new DeviceLookup.Found(found.state(), true) : lookup;
        }

        @Override
        public synchronized DeviceLookup find(String deviceId) {
            findCalls++;
            if (explode) {
                throw new IllegalStateException("boom");
            }
            if (unavailable) {
                return new DeviceLookup.Unavailable("rebalancing");
            }
            DeviceState s = states.get(deviceId);
            return s == null ? new DeviceLookup.NotFound(deviceId) : new DeviceLookup.Found(s);
        }

        @Override
        public synchronized DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
            lastLimit = limit;
            lastFilter = filter;
            if (unavailable) {
                throw new StoreUnavailableException("rebalancing");
            }
            List<DeviceState> items = new ArrayList<>(
                    (cursorExclusive == null ? states : states.tailMap(cursorExclusive, false)).values());
            items.removeIf(filter.negate());
            if (items.size() <= limit) {
                return new DevicePage(items, null);
            }
            List<DeviceState> page = items.subList(0, limit);
            return new DevicePage(page, page.get(limit - 1).deviceId());
        }
    }
}
