package dev.telemetry.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<OpsServer.Readiness> readiness =
            new AtomicReference<>(new OpsServer.Readiness(true, true));
    private final GatewayMetrics metrics = new GatewayMetrics("gw-test");
    private final OpsServer server = OpsServer.start("127.0.0.1", 0, readiness::get, metrics::scrape);

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBeReadyOnlyWhenConnectedToTheBrokerAndKafkaIsHealthy() throws Exception {
        assertThat(request("GET", "/health/ready").statusCode()).isEqualTo(200);

        readiness.set(new OpsServer.Readiness(false, true));
        HttpResponse<String> noBroker = request("GET", "/health/ready");
        assertThat(noBroker.statusCode()).isEqualTo(503);
        assertThat(noBroker.body()).contains("\"status\":\"DOWN\"", "\"mqttConnected\":false", "\"kafkaHealthy\":true");

        readiness.set(new OpsServer.Readiness(true, false));
        assertThat(request("GET", "/health/ready").statusCode()).isEqualTo(503);
        assertThat(request("GET", "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServePipelineAndJvmMetricsInPrometheusFormat() throws Exception {
        metrics.received();
        metrics.published("json", 3);
        metrics.published("senml+json", 10);
        metrics.deadLettered("INVALID_JSON");
        metrics.notAcknowledged();

        HttpResponse<String> response = request("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body().lines())
                .anyMatch(l -> l.startsWith("telemetry_gateway_messages_received_total{") && l.endsWith(" 1.0"))
                .anyMatch(l -> l.startsWith("telemetry_gateway_readings_produced_total{") && l.contains("format=\"json\"")
                        && l.endsWith(" 3.0"))
                .anyMatch(l -> l.contains("format=\"senml+json\"") && l.endsWith(" 10.0"))
                .anyMatch(l -> l.startsWith("telemetry_gateway_dead_letters_total{") && l.contains("code=\"INVALID_JSON\""))
                .anyMatch(l -> l.startsWith("telemetry_gateway_messages_not_acknowledged_total{") && l.endsWith(" 1.0"))
                .anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));
        assertThat(response.body()).contains("gateway_id=\"gw-test\"");
    }

    @Test
    void shouldAnswerUnknownPathsWith404AndOtherMethodsWith405() throws Exception {
        assertThat(request("GET", "/nope").statusCode()).isEqualTo(404);
        assertThat(request("GET", "/health/ready/extra").statusCode()).isEqualTo(404);
        HttpResponse<String> post = request("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
