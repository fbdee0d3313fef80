package dev.telemetry.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import dev.telemetry.processor.http.security.ApiSecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint's parameters: a bad one is a 400 whose message names it, before any query runs. */
class InputValidationTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SecuredInstance server;

    @BeforeEach
    void start() {
        server = new SecuredInstance("a-", 0).start(ApiSecurity.off());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldRejectUnknownAndRepeatedParametersNamingThem() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/v1/devices?limt=5", "unknown query parameter 'limt'; this endpoint takes cursor, limit, metric,"
                + " scope, status");
        cases.put("/api/v1/devices?limit=1&limit=1000", "query parameter 'limit' is given 2 times");
        cases.put("/api/v1/devices/a-1?allowstale=true", "unknown query parameter 'allowstale'");
        cases.put("/api/v1/devices/a-1/metrics/t/windows?since=0", "unknown query parameter 'since'");
        cases.put("/api/v1/anomalies?device=a-1", "unknown query parameter 'device'");
        cases.put("/api/v1/rules?limit=5", "unknown query parameter 'limit'; this endpoint takes none");
        cases.put("/api/v1/rules/r1?x=1", "unknown query parameter 'x'");
        cases.put("/api/v1/pipeline?verbose=1", "unknown query parameter 'verbose'");
        assertBadRequests(cases);
    }

    @Test
    void shouldRejectBadValuesNamingTheParameter() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/v1/devices?limit=0", "limit must be an integer between 1 and");
        cases.put("/api/v1/devices?limit=100000", "limit must be an integer between 1 and");
        cases.put("/api/v1/devices?cursor=%00", "cursor must be the nextCursor of a previous page");
        cases.put("/api/v1/devices?status=BROKEN", "status must be ONLINE or OFFLINE");
        cases.put("/api/v1/devices?metric=te%20mp", "metric must be 1..200 characters");
        cases.put("/api/v1/devices?scope=all", "scope must be fleet or local");
        cases.put("/api/v1/devices/a-1?allowStale=yes", "allowStale must be true or false");
        cases.put("/api/v1/devices/a%201", "device id must be 1..200 characters");
        cases.put("/api/v1/devices/a-1/metrics/t%20x/windows", "metric must be 1..200 characters");
        cases.put("/api/v1/devices/a-1/metrics/t/windows?from=-1", "from must be epoch milliseconds");
        cases.put("/api/v1/devices/a-1/metrics/t/windows?to=yesterday", "to must be epoch milliseconds");
        cases.put("/api/v1/devices/a-1/metrics/t/windows?from=2000&to=1000", "from must not be after to");
        cases.put("/api/v1/anomalies?limit=1001", "limit must be an integer between 1 and 1000");
        cases.put("/api/v1/anomalies?active=false", "active must be true");
        cases.put("/api/v1/anomalies?deviceId=a%20b", "deviceId must be 1..200 characters");
        cases.put("/api/v1/rules/" + "r".repeat(101), "rule id must be 1..100 characters");
        assertBadRequests(cases);
    }

    @Test
    void shouldRejectBadEventStreamParametersBeforeStreaming() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/v1/events?device=boiler-%5B0-9%5D", "device: a device id pattern");
        cases.put("/api/v1/events?types=state,alarm", "types: unknown event type 'alarm'");
        cases.put("/api/v1/events?since=5", "unknown query parameter 'since'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(c.getKey()))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(json(r).get("message").asText()).as(c.getKey()).contains(c.getValue());
        }
        HttpResponse<String> negative = client.send(HttpRequest.newBuilder(uri("/api/v1/events"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", "-5").timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative).get("message").asText()).contains("Last-Event-ID must be an event id");
    }

    @Test
    void shouldRefuseOversizedRuleBodies() throws Exception {
        String huge = "{\"metric\": \"t\", \"description\": \"" + "x".repeat((int) ApiServer.MAX_REQUEST_BYTES) + "\"}";

        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/api/v1/rules/big"))
                .PUT(HttpRequest.BodyPublishers.ofString(huge)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(server.rules).isEmpty();
    }

    @Test
    void shouldStillAnswerValidRequests() throws Exception {
        for (String path : new String[] {"/api/v1/devices?limit=5&status=online&metric=temperature&scope=local",
                "/api/v1/devices/a-1?allowStale=true", "/api/v1/devices/a-1/metrics/t/windows?from=0&to=2000",
                "/api/v1/devices/a-1/metrics/t/windows?from=2026-01-01T00:00:00Z", "/api/v1/anomalies?active=true&limit=5",
                "/api/v1/anomalies?deviceId=a-1&allowStale=true", "/api/v1/rules", "/api/v1/pipeline"}) {
            assertThat(client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(200);
        }
    }

    private void assertBadRequests(Map<String, String> cases) throws Exception {
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(c.getKey())).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(c.getKey()).isEqualTo("bad_request");
            assertThat(json(r).get("message").asText()).as(c.getKey()).contains(c.getValue());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }
}
