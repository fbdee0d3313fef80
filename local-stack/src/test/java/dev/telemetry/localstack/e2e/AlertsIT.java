package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end on real brokers: a rule created through the API, readings published over MQTT (Mosquitto)
 * through the gateway, and the alert RAISED, then, after the processor was replaced by a new instance with an
 * empty state directory (its state restored from the changelogs, as after a rebalance), RESOLVED: read from
 * {@code telemetry.anomalies} with a plain Kafka consumer, in order, once each, with one id.
 */
@Timeout(120)
class AlertsIT {

    private static final Duration WAIT = Duration.ofSeconds(45);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MosquittoProcess mosquitto;
    private KafkaFixture kafka;
    private Gateway gateway;
    private StreamProcessor processor;
    private String applicationId;

    @BeforeEach
    void start(@TempDir Path stateDir) {
        mosquitto = MosquittoProcess.start();
        kafka = KafkaFixture.start();
        applicationId = KafkaFixture.uniqueName("alerts-it");
        processor = processor(stateDir.resolve("first"));
        gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(Map.of(
                "gateway.id", KafkaFixture.uniqueName("gw"),
                "mqtt.url", mosquitto.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.replication-factor", "1",
                "http.host", "127.0.0.1",
                "http.port", "0"))));
    }

    private StreamProcessor processor(Path stateDir) {
        StreamProcessor p = StreamProcessor.start(ProcessorConfig.from(ConfigSource.of(Map.of(
                "application.id", applicationId,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "http.host", "127.0.0.1",
                "http.port", "0",
                "state.dir", stateDir.toString(),
                "topics.replication-factor", "1",
                "reorder.delay", "200ms",
                "alerts.check-interval", "200ms",
                "api.auth.mode", "off",
                // a replaced instance's membership ends by timeout: keep that short
                "kafka.session.timeout.ms", "6000"))));
        await().atMost(WAIT).until(p::isReady);
        return p;
    }

    @AfterEach
    void stop() {
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
    void shouldRaiseAndThenResolveOnceEachInOrderAcrossAProcessorReplacement(@TempDir Path secondStateDir)
            throws Exception {
        String device = KafkaFixture.uniqueName("boiler");
        HttpResponse<String> put = send("PUT", "/api/v1/rules/boiler-overheat", """
                {"devices": "boiler-*", "metric": "temperature", "severity": "critical",
                 "condition": {"type": "above", "threshold": 80, "hysteresis": 2}, "for": "2s", "clearFor": "2s"}""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        BlockingQueue<String> events = events("?types=anomaly&device=" + device);
        long t0 = System.currentTimeMillis() - 60_000;

        // bad from t0+1 s; 2 s later, at t0+3 s, it has held for `for`: RAISED
        publish(device, t0, 70, 85, 86, 87);
        try (KafkaConsumer<String, String> anomalies = anomaliesConsumer()) {
            List<Anomaly> raised = read(anomalies, device, 1);
            assertThat(raised).extracting(Anomaly::state).containsExactly(Anomaly.State.RAISED);
            Anomaly alert = raised.get(0);
            assertThat(alert.eventTime()).isEqualTo(t0 + 3_000);
            assertThat(alert).extracting(Anomaly::kind, Anomaly::severity, Anomaly::ruleId, Anomaly::metric,
                    Anomaly::value, Anomaly::threshold)
                    .containsExactly("THRESHOLD_ABOVE", "critical", "boiler-overheat", "temperature", 87.0, 80.0);
            assertThat(sseData(events)).contains("\"id\":\"" + alert.id() + "\"", "\"state\":\"RAISED\"");
            JsonNode active = Json.mapper().readTree(send("GET", "/api/v1/anomalies?active=true&deviceId=" + device,
                    null).body());
            assertThat(active.get("items")).hasSize(1);
            assertThat(active.get("items").get(0).get("id").asText()).isEqualTo(alert.id());

            // another instance takes over from the changelogs (an empty state directory), as after a rebalance
            processor.close();
            processor = processor(secondStateDir);
            // 79 is inside the hysteresis band: still bad; clear from t0+5 s, for 2 s at t0+7 s: RESOLVED
            publish(device, t0 + 4_000, 79, 75, 74, 73);

            List<Anomaly> both = new ArrayList<>(raised);
            both.addAll(read(anomalies, device, 1));
            assertThat(both).extracting(Anomaly::state)
                    .containsExactly(Anomaly.State.RAISED, Anomaly.State.RESOLVED);
            assertThat(both.get(1).id()).isEqualTo(alert.id());
            assertThat(both.get(1).eventTime()).isEqualTo(t0 + 7_000);
            assertThat(read(anomalies, device, 0)).as("nothing repeated after the replacement").isEmpty();
        }
        JsonNode after = Json.mapper().readTree(send("GET", "/api/v1/anomalies?deviceId=" + device, null).body());
        assertThat(after.get("items")).isEmpty();
        assertThat(send("GET", "/metrics", null).body())
                .contains("telemetry_processor_alerts_total{application=\"" + applicationId
                        + "\",kind=\"THRESHOLD_ABOVE\",state=\"resolved\"} 1.0");
        assertThat(send("DELETE", "/api/v1/rules/boiler-overheat", null).statusCode()).isEqualTo(204);
    }

    /** One JSON message per value, one second apart from {@code start}, device-timestamped. */
    private void publish(String device, long start, double... temperatures) throws Exception {
        List<Map.Entry<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < temperatures.length; i++) {
            messages.add(Map.entry("sensors/" + device,
                    "{\"ts\": " + (start + i * 1_000L) + ", \"temperature\": " + temperatures[i] + "}"));
        }
        MqttV5Publisher.publish(mosquitto.url(), messages);
    }

    private KafkaConsumer<String, String> anomaliesConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // what an alerting system should use
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ANOMALIES, WAIT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * The next {@code expected} alerts of {@code device} in offset order (one device's alerts share a partition);
     * with 0, whatever arrives within a few seconds, which should be nothing.
     */
    private static List<Anomaly> read(KafkaConsumer<String, String> consumer, String device, int expected)
            throws Exception {
        List<Anomaly> out = new ArrayList<>();
        long deadline = System.nanoTime() + (expected == 0 ? Duration.ofSeconds(3) : WAIT).toNanos();
        while ((expected == 0 || out.size() < expected) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (device.equals(r.key())) {
                    out.add(Json.mapper().readValue(r.value(), Anomaly.class));
                }
            }
        }
        assertThat(out).as("alerts of " + device).hasSizeGreaterThanOrEqualTo(expected);
        return out;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + processor.httpPort() + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the live event stream and collects its lines. */
    private BlockingQueue<String> events(String query) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + processor.httpPort()
                        + "/api/v1/events" + query)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
        return lines;
    }

    /** The data of the next {@code event: anomaly}. */
    private static String sseData(BlockingQueue<String> lines) throws InterruptedException {
        Map<String, String> event = new HashMap<>();
        while (true) {
            String line = lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(line).as("an anomaly event").isNotNull();
            if (line.startsWith("event:")) {
                event.put("event", line.substring(6).strip());
            } else if (line.startsWith("data:") && "anomaly".equals(event.get("event"))) {
                return line.substring(5).strip();
            }
        }
    }
}
