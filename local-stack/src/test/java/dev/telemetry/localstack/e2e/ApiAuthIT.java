package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import dev.telemetry.model.Topics;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Two stream processors with authentication on ({@code api.auth.mode=required}, the default, and a token file that
 * holds only SHA-256 hashes), one in-JVM KRaft broker: a query sent to one instance for a device the other owns is
 * forwarded with the caller's token and answered by the owner; the same query without a token, or with an unknown
 * one, is refused with 401 and never reaches the owner; the fleet listing, asked of every instance, works with the
 * caller's token; a read-only token cannot change rules; the probes stay open.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuthIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int DEVICES = 40;
    private static final Source SOURCE = new Source("sensors/auth", "json", "api-auth-it");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String reader = token();
    private final String writer = token();
    private KafkaFixture kafka;
    private StreamProcessor a;
    private StreamProcessor b;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        Path tokens = Files.writeString(dir.resolve("api-tokens"), "# hashes only\n"
                + "sha256:" + sha256(reader) + "  read        # dashboards\n"
                + "sha256:" + sha256(writer) + "  read,write  # ops\n");
        kafka = KafkaFixture.start();
        String applicationId = KafkaFixture.uniqueName("api-auth-it");
        a = StreamProcessor.start(config(applicationId, dir.resolve("a"), tokens));
        b = StreamProcessor.start(config(applicationId, dir.resolve("b"), tokens));
        await().atMost(TIMEOUT).until(() -> a.isReady() && b.isReady());
        long now = System.currentTimeMillis();
        List<Map.Entry<String, String>> readings = new ArrayList<>();
        for (int d = 1; d <= DEVICES; d++) {
            String device = String.format("auth-%03d", d);
            Reading r = new Reading(device, "temperature", ReadingValue.of(20 + d), "Cel", now - 60_000,
                    TimeSource.DEVICE, 1L, now, SOURCE);
            readings.add(Map.entry(device, json(r)));
        }
        kafka.produce(Topics.READINGS, readings);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("ApiAuthIT: closing failed: " + e);
            }
        }
    }

    @Test
    void shouldForwardWithTheCallersTokenAndRefuseWithoutOne() {
        // a device B owns, asked of A: answered by B through A, with the reader's token
        String owned = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> deviceServedBy(a, b),
                Optional::isPresent).orElseThrow();
        HttpResponse<String> forwarded = get(a, "/api/v1/devices/" + owned, reader);
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue("X-Telemetry-Served-By")).hasValue(self(b));
        assertThat(forwarded.body()).contains("\"deviceId\":\"" + owned + "\"");

        HttpResponse<String> anonymous = get(a, "/api/v1/devices/" + owned, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        // refused by A itself, before any forwarding
        assertThat(anonymous.headers().firstValue("X-Telemetry-Served-By")).hasValue(self(a));
        HttpResponse<String> unknown = get(a, "/api/v1/devices/" + owned, "not-" + reader);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).doesNotContain(reader);

        // a windows query, forwarded the same way
        assertThat(get(a, "/api/v1/devices/" + owned + "/metrics/temperature/windows", reader).statusCode())
                .isEqualTo(200);
        assertThat(get(a, "/api/v1/devices/" + owned + "/metrics/temperature/windows", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void shouldListTheFleetFromEveryInstanceWithTheCallersToken() {
        for (StreamProcessor entry : List.of(a, b)) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                HttpResponse<String> listing = get(entry, "/api/v1/devices?limit=1000", reader);
                assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
                assertThat(Json.mapper().readTree(listing.body()).get("items")).hasSize(DEVICES);
            });
            assertThat(get(entry, "/api/v1/devices?limit=1000", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void shouldLetOnlyWriteTokensChangeRulesAndKeepProbesOpen() throws Exception {
        String rule = "{\"metric\": \"temperature\", \"condition\": {\"type\": \"above\", \"threshold\": 500}}";

        assertThat(put(a, "/api/v1/rules/auth-it-hot", reader, rule).statusCode()).isEqualTo(403);
        assertThat(put(a, "/api/v1/rules/auth-it-hot", writer, rule).statusCode()).isIn(200, 201, 202);
        assertThat(get(a, "/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get(b, "/metrics", null).statusCode()).isEqualTo(200);
    }

    /**
     * The dashboard with authentication on, in headless Chromium (skipped without it, like DashboardBrowserIT): the
     * page loads without a token, shows no fleet data and asks for one; once given, it lists the fleet and the
     * live stream (read with fetch, carrying the token) is open.
     */
    @Test
    void shouldAskForATokenInTheDashboardAndThenShowTheFleetLive() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs headless Chromium: " + CHROMIUM + " and " + CHROMEDRIVER);
        ChromeDriver browser = chromium();
        try {
            browser.get("http://127.0.0.1:" + a.httpPort() + "/");
            await().atMost(TIMEOUT).until(() -> count(browser, "#token-prompt") == 1);
            assertThat(count(browser, "#fleet-table tbody tr[data-device]")).isZero();

            browser.findElement(By.id("token-input")).sendKeys(reader);
            browser.findElement(By.cssSelector("#token-prompt button[type=submit]")).click();

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(count(browser,
                    "#fleet-table tbody tr[data-device]")).isEqualTo(DEVICES));
            await().atMost(TIMEOUT).until(() -> "open".equals(browser.executeScript(
                    "return document.body.dataset.live")));
            assertThat(count(browser, "#token-prompt")).isZero();
            assertThat(browser.executeScript("return sessionStorage.getItem('telemetry.apiToken')")).isEqualTo(reader);
        } finally {
            browser.quit();
        }
    }

    private static long count(ChromeDriver browser, String selector) {
        return ((Number) browser.executeScript("return document.querySelectorAll(arguments[0]).length", selector))
                .longValue();
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The id of a device that {@code owner} answers when asked through {@code entry}, once there is one. */
    private Optional<String> deviceServedBy(StreamProcessor entry, StreamProcessor owner) {
        for (int d = 1; d <= DEVICES; d++) {
            String device = String.format("auth-%03d", d);
            HttpResponse<String> r = get(entry, "/api/v1/devices/" + device, reader);
            if (r.statusCode() == 200 && r.headers().firstValue("X-Telemetry-Served-By").orElse("")
                    .equals(self(owner))) {
                return Optional.of(device);
            }
        }
        return Optional.empty();
    }

    private ProcessorConfig config(String applicationId, Path stateDir, Path tokens) {
        Map<String, String> settings = new HashMap<>();
        settings.put("application.id", applicationId);
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("state.dir", stateDir.toString());
        settings.put("topics.replication-factor", "1");
        settings.put("device.offline-after", "1h");
        settings.put("kafka.num.standby.replicas", "0");
        settings.put("kafka.consumer.session.timeout.ms", "10000");
        settings.put("kafka.consumer.heartbeat.interval.ms", "1000");
        // no api.auth.mode: required is the default
        settings.put("api.auth.tokens-file", tokens.toString());
        return ProcessorConfig.from(ConfigSource.of(settings));
    }

    private HttpResponse<String> get(StreamProcessor p, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        return send(token == null ? request : request.header("Authorization", "Bearer " + token));
    }

    private HttpResponse<String> put(StreamProcessor p, String path, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String self(StreamProcessor p) {
        return "127.0.0.1:" + p.httpPort();
    }

    private static String token() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
