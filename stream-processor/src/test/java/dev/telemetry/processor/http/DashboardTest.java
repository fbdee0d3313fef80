package dev.telemetry.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DeviceLookup;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.Readiness;
import dev.telemetry.processor.query.WindowLookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files as the processor serves them, and the pipeline summary it reads. No broker. */
class DashboardTest {

    private static final Path SOURCES = Path.of("src", "main", "resources", "dashboard");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Readiness readiness = Readiness.ready("RUNNING");
    private ApiServer server;

    @BeforeEach
    void start() {
        DeviceQueries nothing = new DeviceQueries() {
            @Override
            public DeviceLookup find(String deviceId) {
                return new DeviceLookup.NotFound(deviceId);
            }

            @Override
            public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
                return new DevicePage(List.of(), null, Set.of());
            }
        };
        server = ApiServer.start("127.0.0.1", 0, nothing,
                (device, metric, from, to) -> new WindowLookup.Found(List.of(), false), () -> readiness, registry);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    void shouldServeThePageAtTheRootWithAPolicyThatAllowsOnlyThisOriginsFiles() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"assets/app.js\"></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardAssets.CONTENT_SECURITY_POLICY);
        assertThat(DashboardAssets.CONTENT_SECURITY_POLICY).contains("script-src 'self';", "style-src 'self';",
                "connect-src 'self';", "frame-ancestors 'none';", "base-uri 'none';").doesNotContain("unsafe");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void shouldServeScriptsAndStylesWithTheirTypesAndRevalidateThemByETag() throws Exception {
        HttpResponse<String> script = get("/assets/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(get("/assets/dashboard.css").headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/css"));

        String etag = script.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = client.send(HttpRequest.newBuilder(uri("/assets/app.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void shouldLeaveUnknownPathsToTheApisJsonNotFound() throws Exception {
        HttpResponse<String> missing = get("/assets/no-such-file.js");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(missing.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(get("/api/v1/devices/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldHaveNoInlineCodeAndNoMarkupSinksInTheDashboardSources() throws IOException {
        String html = Files.readString(SOURCES.resolve("index.html"));
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find()).as("inline <script>").isFalse();
        assertThat(Pattern.compile("\\sstyle\\s*=|<style", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline style").isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline event handler").isFalse();

        // data reaches the DOM as text: none of the calls that parse a string as HTML or code
        Pattern sinks = Pattern.compile("\\.(innerHTML|outerHTML)\\s*[+]?=|insertAdjacentHTML|document\\.write"
                + "|\\beval\\s*\\(|new\\s+Function\\s*\\(|setAttribute\\(\\s*['\"](style|on[a-z]+)['\"]");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                if (sinks.matcher(Files.readString(js)).find()) {
                    offenders.add(js.getFileName().toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void shouldSummarizeThisInstancesPipelineForTheHealthBar() throws Exception {
        // the names PipelineMetrics registers; DashboardBrowserIT reads them from the real pipeline
        Counter.builder("telemetry.processor.readings").tag("outcome", "accepted").register(registry).increment(42);
        Counter.builder("telemetry.processor.late.readings").register(registry).increment(3);

        JsonNode up = Json.mapper().readTree(get("/api/v1/pipeline").body());
        assertThat(up.path("status").asText()).isEqualTo("UP");
        assertThat(up.path("streamsState").asText()).isEqualTo("RUNNING");
        assertThat(up.path("readings").path("accepted").asLong()).isEqualTo(42);
        assertThat(up.path("readings").path("late").asLong()).isEqualTo(3);
        assertThat(up.path("readings").path("duplicate").isNull()).as("not registered: null, not 0").isTrue();

        readiness = Readiness.notReady("REBALANCING", "partitions are moving");
        HttpResponse<String> down = get("/api/v1/pipeline");
        assertThat(down.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(down.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("reason").asText()).isEqualTo("partitions are moving");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
