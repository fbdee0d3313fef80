package dev.telemetry.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.gateway.replay.DlqReplay;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The gateway and the processor on a broker that demands authentication: SASL_PLAINTEXT with SCRAM-SHA-512
 * and PLAIN, SSL and SASL_SSL with a generated certificate, configured only through the typed
 * {@code kafka.security.*}, {@code kafka.sasl.*} and {@code kafka.ssl.*} keys, and a wrong password refused
 * with an error that says so. Kafka's own client configuration logging is captured at INFO throughout, to
 * show that no password reaches a log line.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSaslIT {

    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(120);
    /** Quotes, a backslash and JAAS separators: the JAAS line must escape them. */
    private static final String GATEWAY_PASSWORD = "gw-\"pa\\ss\";=word";
    private static final String PROCESSOR_PASSWORD = "proc-S3cret-7f1c";

    @TempDir
    Path dir;

    private MosquittoProcess mosquitto;
    private EmbeddedKafka kafka;
    private StreamProcessor processor;
    private String api;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<String, Level> levels = new HashMap<>();

    @BeforeAll
    void start(@TempDir Path stateDir) throws Exception {
        mosquitto = MosquittoProcess.start();
        kafka = EmbeddedKafka.startSecured(null, SecureListeners.sasl(Map.of(
                "telemetry-gateway", GATEWAY_PASSWORD, "telemetry-processor", PROCESSOR_PASSWORD)).withTls());
        // from here on: the services' clients (the broker's own configuration holds the user list)
        captureLogs();
        Path passwordFile = Files.writeString(stateDir.resolve("processor-password"), PROCESSOR_PASSWORD + "\n");
        Map<String, String> settings = new HashMap<>(Map.of(
                "application.id", KafkaFixture.uniqueName("sasl-it"),
                "kafka.bootstrap.servers", kafka.saslBootstrapServers(),
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.username", "telemetry-processor",
                "kafka.sasl.password.file", passwordFile.toString(),
                "http.host", "127.0.0.1",
                "http.port", "0",
                "state.dir", stateDir.resolve("state").toString(),
                "topics.replication-factor", "1"));
        settings.put("api.auth.mode", "off");
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(settings));
        assertThat(cfg.summary()).contains("kafka.sasl.password=****").doesNotContain(PROCESSOR_PASSWORD);
        processor = StreamProcessor.start(cfg);
        api = "http://127.0.0.1:" + processor.httpPort();
        await().atMost(PIPELINE_TIMEOUT).until(processor::isReady);
    }

    @AfterAll
    void stop() {
        if (processor != null) {
            processor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    /**
     * Kafka's clients log their whole configuration at INFO through AbstractConfig's logger; the test's logback
     * configuration keeps org.apache.kafka at WARN. Warnings and errors (failed logins) are captured anyway.
     */
    private void captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : List.of("org.apache.kafka.common.config.AbstractConfig")) {
            Logger logger = context.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        logs.setContext(context);
        logs.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    private Map<String, String> gatewayKeys(String bootstrap, String protocol) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "gateway.id", KafkaFixture.uniqueName("gw"),
                "mqtt.url", mosquitto.url(),
                "kafka.bootstrap.servers", bootstrap,
                "kafka.security.protocol", protocol,
                "topics.replication-factor", "1",
                "startup.timeout", "20s",
                "http.host", "127.0.0.1",
                "http.port", "0"));
        return keys;
    }

    private static Map<String, String> sasl(Map<String, String> keys, String mechanism, String password) {
        keys.put("kafka.sasl.mechanism", mechanism);
        keys.put("kafka.sasl.username", "telemetry-gateway");
        keys.put("kafka.sasl.password", password);
        return keys;
    }

    /** Starts a gateway with these keys, publishes one reading over MQTT and waits for the processor's state. */
    private void assertReadingReachesTheProcessor(Map<String, String> keys, String label) throws Exception {
        GatewayConfig cfg = GatewayConfig.from(ConfigSource.of(keys));
        assertThat(cfg.summary()).doesNotContain(GATEWAY_PASSWORD);
        Gateway gateway = Gateway.start(cfg);
        try {
            String device = KafkaFixture.uniqueName(label);
            MqttV5Publisher.publish(mosquitto.url(), List.of(Map.entry("sensors/" + device,
                    "{\"temperature\": 21.25}")));
            await().atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                    get(api + "/api/v1/devices/" + device).body()).contains("\"temperature\"")
                    .contains("21.25"));
            assertThat(get("http://127.0.0.1:" + gateway.httpPort() + "/health/ready").statusCode())
                    .isEqualTo(200);
        } finally {
            gateway.close();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldPublishWithScramSha512AndServeTheStateFromAScramProcessor() throws Exception {
        assertReadingReachesTheProcessor(sasl(gatewayKeys(kafka.saslBootstrapServers(), "SASL_PLAINTEXT"),
                "SCRAM-SHA-512", GATEWAY_PASSWORD), "scram-dev");
    }

    @Test
    void shouldLetReplayDlqReadTheDeadLettersWithScram() throws Exception {
        Map<String, String> keys = sasl(gatewayKeys(kafka.saslBootstrapServers(), "SASL_PLAINTEXT"),
                "SCRAM-SHA-512", GATEWAY_PASSWORD);
        Gateway gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(keys)));
        try {
            String device = KafkaFixture.uniqueName("dlq-dev");
            MqttV5Publisher.publish(mosquitto.url(), List.of(Map.entry("sensors/" + device, "{not json")));
            await().atMost(PIPELINE_TIMEOUT).until(() -> gateway.deadLetteredCount() >= 1);
        } finally {
            gateway.close();
        }
        // the replay tool's consumer, with the same typed keys, reads telemetry.dlq through the SASL listener
        DlqReplay.Result dry = DlqReplay.run(new DlqReplay.Options(kafka.saslBootstrapServers(), mosquitto.url(),
                Set.of("INVALID_JSON"), null, 0, true, KafkaSecurity.from(ConfigSource.of(keys))));
        assertThat(dry.replayed().getOrDefault("INVALID_JSON", 0L)).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void shouldPublishWithPlain() throws Exception {
        assertReadingReachesTheProcessor(sasl(gatewayKeys(kafka.saslBootstrapServers(), "SASL_PLAINTEXT"),
                "PLAIN", GATEWAY_PASSWORD), "plain-dev");
    }

    @Test
    void shouldPublishOverTlsTrustingAPemCertificate() throws Exception {
        Map<String, String> keys = gatewayKeys(kafka.sslBootstrapServers(), "SSL");
        keys.put("kafka.ssl.truststore.location", kafka.caCertificate().toString());
        assertReadingReachesTheProcessor(keys, "ssl-dev");
    }

    @Test
    void shouldPublishWithPlainOverTls() throws Exception {
        // the Confluent Cloud shape: SASL_SSL + PLAIN
        Map<String, String> keys = sasl(gatewayKeys(kafka.saslSslBootstrapServers(), "SASL_SSL"), "PLAIN",
                GATEWAY_PASSWORD);
        keys.put("kafka.ssl.truststore.location", kafka.caCertificate().toString());
        assertReadingReachesTheProcessor(keys, "sasl-ssl-dev");
    }

    @Test
    void shouldRefuseTlsToABrokerWhoseCertificateIsNotTrusted() throws Exception {
        // a PEM file with a certificate that did not sign the broker's: another generated one
        Path otherCa = SecureBroker.TlsFiles.generate(dir.resolve("other")).certificate();
        Map<String, String> keys = gatewayKeys(kafka.sslBootstrapServers(), "SSL");
        keys.put("kafka.ssl.truststore.location", otherCa.toString());
        keys.put("startup.timeout", "10s");

        assertThatThrownBy(() -> Gateway.start(GatewayConfig.from(ConfigSource.of(keys))))
                .hasMessageContaining("Kafka is not usable").hasMessageContaining("authentication failed")
                .hasMessageContaining("SSL handshake failed");
    }

    @Test
    void shouldRefuseAWrongPasswordWithAnAuthenticationError() {
        Map<String, String> gatewayKeys = sasl(gatewayKeys(kafka.saslBootstrapServers(), "SASL_PLAINTEXT"),
                "SCRAM-SHA-512", "not-the-" + GATEWAY_PASSWORD);
        long started = System.nanoTime();
        assertThatThrownBy(() -> Gateway.start(GatewayConfig.from(ConfigSource.of(gatewayKeys))))
                .hasMessageContaining("Kafka is not usable").hasMessageContaining("authentication failed")
                .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512")
                .message().doesNotContain(GATEWAY_PASSWORD);
        // refused at once, not after startup.timeout (20 s) of retries
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));

        Map<String, String> processorKeys = new HashMap<>(Map.of(
                "application.id", KafkaFixture.uniqueName("sasl-it-wrong"),
                "kafka.bootstrap.servers", kafka.saslBootstrapServers(),
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.username", "telemetry-processor",
                "kafka.sasl.password", "wrong-" + PROCESSOR_PASSWORD,
                "http.host", "127.0.0.1",
                "http.port", "0",
                "state.dir", dir.resolve("wrong-state").toString(),
                "startup.timeout", "20s"));
        processorKeys.put("api.auth.mode", "off");
        assertThatThrownBy(() -> StreamProcessor.start(ProcessorConfig.from(ConfigSource.of(processorKeys))))
                .hasMessageContaining("authentication failed")
                .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512")
                .message().doesNotContain(PROCESSOR_PASSWORD);
    }

    /** Runs after (or between) the others in the same JVM: whatever they logged so far must hold no password. */
    @Test
    void shouldLogKafkaClientConfigurationWithTheSecretsHidden() throws Exception {
        assertReadingReachesTheProcessor(sasl(gatewayKeys(kafka.saslBootstrapServers(), "SASL_PLAINTEXT"),
                "SCRAM-SHA-512", GATEWAY_PASSWORD), "log-dev");
        List<ILoggingEvent> events;
        synchronized (logs) { // logback appends under the appender's lock
            events = new ArrayList<>(logs.list);
        }
        List<String> lines = events.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).as("Kafka's ProducerConfig dump was captured")
                .anyMatch(l -> l.contains("ProducerConfig values") && l.contains("sasl.jaas.config = [hidden]"));
        assertThat(lines).noneMatch(l -> l.contains(GATEWAY_PASSWORD) || l.contains(PROCESSOR_PASSWORD)
                || l.contains("pa\\\\ss"));
    }
}
