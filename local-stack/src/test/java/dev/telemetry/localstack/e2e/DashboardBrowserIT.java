package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.telemetry.localstack.LocalStack;
import dev.telemetry.localstack.LocalStackOptions;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (headless Chromium driven by Selenium) against the whole local stack in this JVM,
 * with its simulator: the fleet table lists the simulated devices, a reading published over MQTT shows on the
 * device page without a reload, an anomaly written to {@code telemetry.anomalies} shows in the live feed, and
 * device-controlled strings are shown as text, never run. Screenshots go to {@code target/screenshots/}.
 *
 * <p>Device ids cannot carry markup: the gateway accepts only {@code [A-Za-z0-9._:/-]} and dead-letters anything
 * else, so no id with {@code <script>} ever reaches the state. What a device does control, unchecked, is a text
 * value (and a SenML unit), and an alert's message can quote it; those carry the {@code <script>} here.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them); without them the
 * class is skipped, saying so.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int SIMULATED = 5;
    private static final Duration SHOWN = Duration.ofSeconds(30);
    // an <img onerror> runs even where a <script> inserted as HTML would not: both must stay text
    private static final String MARKUP = "<script>window.__xss = 'script'</script>"
            + "<img src=x onerror=\"window.__xss = 'img'\">";
    // the selenium devtools module is not on the classpath (not needed); keep its warning about that out of the log
    private static final Logger SELENIUM_DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

    private LocalStack stack;
    private ChromeDriver browser;
    private String base;
    private final List<String> browserLog = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "DashboardBrowserIT needs headless Chromium: " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian:"
                        + " apt-get install chromium chromium-driver; .ci/run installs them)");
        stack = LocalStack.start(new LocalStackOptions(0, 0, 0, tmp.resolve("data"), true, SIMULATED, 10, null));
        base = stack.apiBase();
        browser = chromium();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void keepBrowserLog() {
        if (browser != null) {
            for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
                browserLog.add(entry.toString());
                System.out.println("[browser] " + entry);
            }
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldListTheSimulatedDevicesInTheFleetTable() throws Exception {
        browser.get(base + "/");

        List<String> simulated = IntStream.rangeClosed(1, SIMULATED).mapToObj(i -> String.format("sim-%05d", i))
                .toList();
        await().atMost(SHOWN).untilAsserted(() -> assertThat(fleetRows()).containsAll(simulated));
        // the summary counts readings, so the meter names it reads are the processor's
        await().atMost(SHOWN).untilAsserted(() -> {
            assertThat(text("[data-stat=status] .stat-value")).isEqualTo("ready");
            assertThat(text("[data-stat=accepted] .stat-value").replaceAll("\\D", "")).isNotEmpty().isNotEqualTo("0");
        });
        screenshot("fleet.png");
    }

    @Test
    @Order(2)
    void shouldShowAReadingPublishedOverMqttOnTheDevicePageWithoutReload() throws Exception {
        publish("dash-live", "{\"temperature\": 21.5, \"door.open\": false}");
        await().atMost(SHOWN).until(() -> Workload.get(base + "/api/v1/devices/dash-live").statusCode() == 200);
        browser.get(base + "/#/devices/dash-live");
        await().atMost(SHOWN).untilAsserted(() -> assertThat(value("temperature")).isEqualTo("21.5"));
        awaitLive();
        browser.executeScript("window.__sameDocument = true");

        publish("dash-live", "{\"temperature\": 42.25, \"door.open\": true}");

        await().atMost(SHOWN).untilAsserted(() -> {
            assertThat(value("temperature")).isEqualTo("42.25");
            assertThat(value("door.open")).isEqualTo("true");
        });
        assertThat(browser.executeScript("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
        // the last hour's windows of the numeric metric, redrawn with the new reading: a band per window
        await().atMost(SHOWN).untilAsserted(() -> assertThat(text(
                "#charts figure[data-metric='temperature'] svg.chart rect.band:last-of-type title"))
                .contains("max 42.25"));
        assertThat(count("#charts figure[data-metric='door.open']")).as("no chart of a boolean").isZero();
        screenshot("device.png");
    }

    @Test
    @Order(3)
    void shouldShowDeviceControlledStringsAsTextAndRunNone() throws Exception {
        publish("dash-markup", "{\"temperature\": 20.0, \"label\": " + Json.mapper().writeValueAsString(MARKUP) + "}");
        await().atMost(SHOWN).until(() -> Workload.get(base + "/api/v1/devices/dash-markup").statusCode() == 200);

        browser.get(base + "/#/devices/dash-markup");
        await().atMost(SHOWN).untilAsserted(() -> assertThat(value("label")).isEqualTo(MARKUP));
        assertNothingRan();

        browser.get(base + "/#/");
        await().atMost(SHOWN).untilAsserted(() -> assertThat(text(
                "#fleet-table tr[data-device='dash-markup'] .values")).contains("<script>window.__xss"));
        assertNothingRan();
    }

    @Test
    @Order(4)
    void shouldShowAnInjectedAnomalyInTheLiveFeed() throws Exception {
        browser.get(base + "/");
        awaitLive();
        long now = System.currentTimeMillis();
        String message = "temperature 99.5 above 80 " + MARKUP;
        Anomaly anomaly = new Anomaly(Anomaly.SCHEMA_VERSION, "dash-it-" + UUID.randomUUID(), "sim-00001",
                "temperature", "THRESHOLD_ABOVE", "critical", Anomaly.State.RAISED, now, now, 99.5, 80.0,
                "dash-it-rule", message);
        produceAnomaly(anomaly);

        String item = "#anomaly-feed li[data-anomaly-id='" + anomaly.id() + "']";
        try {
            await().atMost(SHOWN).untilAsserted(() -> assertThat(count(item)).as(
                    "the anomaly in the live feed (needs the 'anomaly' event of /api/v1/events)").isOne());
            assertThat(text(item + " .alert-message")).isEqualTo(message);
            assertThat(text(item + " .device-link")).isEqualTo("sim-00001");
            assertThat(text(item + " .badge.state")).isEqualTo("raised");
            assertNothingRan();
        } finally {
            screenshot("fleet-alert.png");
        }
    }

    @Test
    @Order(5)
    void shouldServeThePageWithAPolicyThatAllowsNoInlineCodeAndNeedsNone() {
        HttpResponse<String> page = Workload.get(base + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        // everything the browser did above ran under that policy: a violation would have been logged
        assertThat(browserLog).noneMatch(line -> line.contains("Content Security Policy"));
    }

    private ChromeDriver chromium() {
        SELENIUM_DEVTOOLS.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void publish(String device, String json) throws Exception {
        MqttV5Publisher.publish(stack.mqttUrl(), "sensors/" + device, List.of(json));
    }

    private void produceAnomaly(Anomaly anomaly) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(Topics.ANOMALIES, 6, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ANOMALIES, anomaly.deviceId(),
                    Json.mapper().writeValueAsString(anomaly))).get();
        }
    }

    /** Waits until the page's event stream is open, so that what is published next reaches it. */
    private void awaitLive() {
        await().atMost(SHOWN).until(() -> "open".equals(browser.executeScript("return document.body.dataset.live")));
    }

    private void assertNothingRan() {
        assertThat(browser.executeScript("return typeof window.__xss")).as("injected code ran").isEqualTo("undefined");
        assertThat(count("#view script, #view img")).as("markup became elements").isZero();
    }

    @SuppressWarnings("unchecked")
    private List<String> fleetRows() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#fleet-table tbody tr[data-device]')].map(r => r.dataset.device)");
    }

    private String value(String metric) {
        Object v = browser.executeScript("const c = document.querySelector("
                + "`#metric-values tr[data-metric='${arguments[0]}'] td.value`); return c ? c.textContent : null", metric);
        return v == null ? null : v.toString();
    }

    private String text(String selector) {
        Object v = browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
                selector);
        return String.valueOf(v);
    }

    private long count(String selector) {
        return (Long) browser.executeScript("return document.querySelectorAll(arguments[0]).length", selector);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
