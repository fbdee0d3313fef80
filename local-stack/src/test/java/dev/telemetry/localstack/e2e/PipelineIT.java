package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's end-to-end path on real brokers: a Mosquitto process, the in-JVM KRaft Kafka, the
 * ingest gateway and the stream processor, as separate components talking over the network.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(120);

    private MosquittoProcess mosquitto;
    private KafkaFixture kafka;
    private StreamProcessor processor;
    private Gateway gateway;
    private String api;

    @BeforeAll
    void startPipeline(@TempDir Path stateDir) {
        mosquitto = MosquittoProcess.start();
        kafka = KafkaFixture.start();
        processor = StreamProcessor.start(ProcessorConfig.from(ConfigSource.of(Map.of(
                "application.id", KafkaFixture.uniqueName("pipeline-it"),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "http.host", "127.0.0.1",
                "http.port", "0",
                "state.dir", stateDir.toString(),
                "topics.replication-factor", "1",
                "api.auth.mode", "off"))));
        gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(Map.of(
                "gateway.id", KafkaFixture.uniqueName("gw"),
                "mqtt.url", mosquitto.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.replication-factor", "1",
                "http.host", "127.0.0.1",
                "http.port", "0"))));
        api = "http://127.0.0.1:" + processor.httpPort();
        await().atMost(PIPELINE_TIMEOUT).until(processor::isReady);
    }

    @AfterAll
    void stopPipeline() {
        // reverse start order; each close is idempotent and safe after a failed start
        if (gateway != null) {
            gateway.close();
        }
        if (processor != null) {
            processor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    @Order(1)
    void shouldReconcileShuffledReadingsOf500DevicesIntoTheLatestValueByEventTime() throws Exception {
        Workload workload = Workload.generate(42, "e2e-", 500, 20, System.currentTimeMillis() - 3_600_000);
        assertThat(workload.readingCount()).isEqualTo(10_000);

        workload.publish(mosquitto.url());

        await().atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> workload.assertStateThroughApi(api));
        workload.assertListedThroughApi(api);
        long duplicates = workload.assertAllInKafka(kafka.bootstrapServers());
        String gatewayMetrics = Workload.get("http://127.0.0.1:" + gateway.httpPort() + "/metrics").body();
        assertThat(metric(gatewayMetrics, "telemetry_gateway_readings_produced_total", "format=\"json\""))
                .isGreaterThanOrEqualTo(workload.readingCount() - 500);
        assertThat(metric(gatewayMetrics, "telemetry_gateway_readings_produced_total", "format=\"plain\""))
                .isGreaterThanOrEqualTo(500);
        assertThat(Workload.get("http://127.0.0.1:" + gateway.httpPort() + "/health/ready").statusCode())
                .isEqualTo(200);
        System.out.printf("PipelineIT: published %d readings in %d messages, all in %s (%d duplicates)%n",
                workload.readingCount(), workload.messageCount(), Topics.READINGS, duplicates);
    }

    @Test
    @Order(2)
    void shouldDeadLetterMalformedPayloadsWithTheReasonAndKeepGoing() throws Exception {
        String device = KafkaFixture.uniqueName("dlq-dev");
        MqttV5Publisher.publish(mosquitto.url(), List.of(
                Map.entry("sensors/" + device, "{not json"),
                Map.entry("sensors/" + device + "/rpm", "NaN"),
                Map.entry("sensors/" + device, "{\"temperature\": 19.5}")));

        List<ConsumerRecord<String, String>> dead = await().atMost(PIPELINE_TIMEOUT)
                .until(() -> KafkaFixture.readAll(kafka.bootstrapServers(), Topics.DLQ, Duration.ofSeconds(30))
                        .stream().filter(r -> header(r, DlqHeaders.MQTT_TOPIC).startsWith("sensors/" + device))
                        .toList(), records -> records.size() == 2);

        Map<String, String> codeByTopic = dead.stream().collect(Collectors.toMap(
                r -> header(r, DlqHeaders.MQTT_TOPIC), r -> header(r, DlqHeaders.ERROR_CODE)));
        assertThat(codeByTopic).containsOnly(
                Map.entry("sensors/" + device, "INVALID_JSON"),
                Map.entry("sensors/" + device + "/rpm", "NON_FINITE_VALUE"));
        Map<String, String> payloadByTopic = new HashMap<>();
        dead.forEach(r -> payloadByTopic.put(header(r, DlqHeaders.MQTT_TOPIC), r.value()));
        assertThat(payloadByTopic).containsEntry("sensors/" + device, "{not json")
                .containsEntry("sensors/" + device + "/rpm", "NaN");
        assertThat(dead).allSatisfy(r -> assertThat(header(r, DlqHeaders.ERROR_MESSAGE)).isNotBlank());
        String gatewayMetrics = Workload.get("http://127.0.0.1:" + gateway.httpPort() + "/metrics").body();
        assertThat(metric(gatewayMetrics, "telemetry_gateway_dead_letters_total", "code=\"INVALID_JSON\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(gatewayMetrics, "telemetry_gateway_dead_letters_total", "code=\"NON_FINITE_VALUE\""))
                .isGreaterThanOrEqualTo(1);

        // the valid message after the bad ones still makes it through
        await().atMost(PIPELINE_TIMEOUT).untilAsserted(() -> assertThat(
                Workload.get(api + "/api/v1/devices/" + device).body()).contains("\"temperature\"")
                .contains("19.5"));
    }

    /**
     * deploy/grafana and deploy/prometheus may only use metrics the services export. Runs last, when
     * readings, dead letters and state changes have created the meters that appear on first use.
     */
    @Test
    @Order(3)
    void shouldExportEveryMetricTheDashboardAndAlertsUse() throws Exception {
        String scrape = Workload.get("http://127.0.0.1:" + gateway.httpPort() + "/metrics").body() + "\n"
                + Workload.get(api + "/metrics").body();
        Set<String> used = new TreeSet<>();
        Path deploy = Path.of("..", "deploy");
        JsonNode dashboard = Json.mapper().readTree(deploy.resolve("grafana/telemetry-pipeline.json").toFile());
        dashboard.findValues("expr").forEach(e -> used.addAll(metricNames(e.asText())));
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(
                deploy.resolve("prometheus/telemetry-alerts.yml").toFile());
        rules.findValues("expr").forEach(e -> used.addAll(metricNames(e.asText())));

        assertThat(used).as("metrics the dashboard and the alerts use").hasSizeGreaterThan(10);
        assertThat(used).allSatisfy(name -> assertThat(scrape.lines()
                .anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " ")))
                .as("%s is exported by the gateway or the processor", name).isTrue());
    }

    @Test
    @Order(4)
    void shouldStreamAStateChangeAsAServerSentEventAtOnce() throws Exception {
        String device = KafkaFixture.uniqueName("sse-dev");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(api + "/api/v1/events?device="
                        + device)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
        // the stream is open once the server has answered with its headers; give it a moment by retrying
        await().atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            MqttV5Publisher.publish(mosquitto.url(), List.of(Map.entry("sensors/" + device,
                    "{\"temperature\": 42.5}")));
            String line = lines.poll(5, TimeUnit.SECONDS);
            while (line != null && !line.startsWith("data:")) {
                line = lines.poll(5, TimeUnit.SECONDS);
            }
            assertThat(line).isNotNull().contains("\"deviceId\":\"" + device + "\"").contains("42.5");
        });
    }

    private static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:telemetry|kafka|jvm|process)_[a-z0-9_]+)\\b").matcher(promql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The value of the Prometheus sample {@code name{...labels...}} that has {@code label}, or -1. */
    private static double metric(String scrape, String name, String label) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
