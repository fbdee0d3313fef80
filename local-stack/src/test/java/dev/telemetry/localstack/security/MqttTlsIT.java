package dev.telemetry.localstack.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.gateway.app.StartupException;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MosquittoProcess.Security;
import dev.telemetry.localstack.fixtures.MosquittoProcess.Tls;
import dev.telemetry.model.Topics;
import dev.telemetry.net.TestPki;
import dev.telemetry.net.TlsFiles;
import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.SimulatorConfig;
import dev.telemetry.simulator.SimulatorException;
import dev.telemetry.simulator.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway and the simulator against a Mosquitto TLS listener whose certificates the test
 * generates ({@link TestPki}): readings arrive in Kafka over server-verified TLS with a password and
 * over mutual TLS; a wrong CA, an expired client certificate and a wrong password stop the start with
 * a message that says which.
 */
@Timeout(240)
class MqttTlsIT {

    private static final String GATEWAY_PASSWORD = "gw-Pa55";
    private static final String DEVICE_PASSWORD = "dev-Pa55";

    @TempDir
    static Path dir;
    static TestPki pki;
    static KafkaFixture kafka;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        kafka = KafkaFixture.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Tls serverTls() {
        return Tls.of(pki.ca().certFile(), pki.server().certFile(), pki.server().keyFile());
    }

    private static Map<String, String> gatewayConfig(MosquittoProcess mosquitto, String... keyValues) {
        Map<String, String> cfg = new HashMap<>(Map.of("gateway.id", KafkaFixture.uniqueName("gw-tls"),
                "mqtt.url", mosquitto.url(), "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.replication-factor", "1", "http.host", "127.0.0.1", "http.port", "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            cfg.put(keyValues[i], keyValues[i + 1]);
        }
        return cfg;
    }

    private static TlsFiles simulatorTls(Path ca, TestPki.Issued client) {
        return new TlsFiles(SimulatorConfig.TLS_OPTIONS, ca, client == null ? null : client.certFile(),
                client == null ? null : client.keyFile(), null, true);
    }

    private static SimulatorConfig.Builder simulator(MosquittoProcess mosquitto, String devicePrefix) {
        return SimulatorConfig.builder().mqttUrl(mosquitto.url()).devicePrefix(devicePrefix).devices(5)
                .readingsPerSecond(300).count(150).seed(9).clientIdPrefix(KafkaFixture.uniqueName("sim-tls"));
    }

    /** Runs the simulator to its count and waits until every reading it sent is in telemetry.readings. */
    private static void assertEveryReadingArrives(SimulatorConfig config) throws InterruptedException {
        Summary summary;
        try (Simulator simulator = Simulator.start(config)) {
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(30))).as("simulator finished").isTrue();
            simulator.stop();
            summary = simulator.summary();
        }
        assertThat(summary.errors()).isZero();
        assertThat(summary.readings()).isEqualTo(150);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(KafkaFixture.readAll(kafka.bootstrapServers(), Topics.READINGS, Duration.ofSeconds(10))
                        .stream().filter(r -> r.key().startsWith(config.devicePrefix())).count())
                        .as("readings of " + config.devicePrefix() + "* in " + Topics.READINGS)
                        .isGreaterThanOrEqualTo(summary.readings()));
    }

    @Test
    void shouldIngestOverServerVerifiedTlsWithUserNameAndPassword() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("gateway-password"), GATEWAY_PASSWORD + "\n");
        Security security = Security.none().tls(serverTls()).user("gateway", GATEWAY_PASSWORD)
                .user("device", DEVICE_PASSWORD);
        try (MosquittoProcess mosquitto = MosquittoProcess.start(security)) {
            assertThat(mosquitto.url()).startsWith("ssl://");
            Map<String, String> cfg = gatewayConfig(mosquitto, "mqtt.tls.ca-file", pki.ca().certFile().toString(),
                    "mqtt.username", "gateway", "mqtt.password.file", passwordFile.toString());

            try (Gateway gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(cfg)))) {
                assertThat(gateway.isConnected()).isTrue();
                assertEveryReadingArrives(simulator(mosquitto, "tlspw-").username("device").password(DEVICE_PASSWORD)
                        .tls(simulatorTls(pki.ca().certFile(), null)).build());
            }
        }
    }

    @Test
    void shouldIngestOverMutualTlsFromTheSimulator() throws Exception {
        Security security = Security.none().tls(serverTls().withIdentityAsUsername());
        try (MosquittoProcess mosquitto = MosquittoProcess.start(security)) {
            Map<String, String> cfg = gatewayConfig(mosquitto, "mqtt.tls.ca-file", pki.ca().certFile().toString(),
                    "mqtt.tls.cert-file", pki.client().certFile().toString(),
                    "mqtt.tls.key-file", pki.client().keyFile().toString());

            try (Gateway gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(cfg)))) {
                assertThat(gateway.isConnected()).isTrue();
                assertEveryReadingArrives(simulator(mosquitto, "tlsmutual-")
                        .tls(simulatorTls(pki.ca().certFile(), pki.client())).build());
            }
            // the broker took the certificate's CN as the user name: the identity came from the certificate
            assertThat(mosquitto.log()).contains("u'gateway-client'");
        }
    }

    @Test
    void shouldRefuseABrokerSignedByAnotherCa() {
        try (MosquittoProcess mosquitto = MosquittoProcess.start(Security.none().tls(serverTls()))) {
            Map<String, String> cfg = gatewayConfig(mosquitto, "mqtt.tls.ca-file", pki.otherCa().certFile().toString(),
                    "startup.timeout", "3s");

            assertThatThrownBy(() -> Gateway.start(GatewayConfig.from(ConfigSource.of(cfg))).close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("MQTT TLS handshake with " + mosquitto.url() + " failed: server certificate"
                            + " is not trusted by mqtt.tls.ca-file=" + pki.otherCa().certFile());
            assertThatThrownBy(() -> Simulator.start(simulator(mosquitto, "tlsca-")
                    .tls(simulatorTls(pki.otherCa().certFile(), null)).build()).close())
                    .isInstanceOf(SimulatorException.class)
                    .hasMessageContaining("server certificate is not trusted by --ca-file=" + pki.otherCa().certFile());
        }
    }

    @Test
    void shouldSayTheBrokerRejectedAnExpiredClientCertificate() {
        try (MosquittoProcess mosquitto = MosquittoProcess.start(Security.none().tls(serverTls().withRequiredCertificate()))) {
            Map<String, String> cfg = gatewayConfig(mosquitto, "mqtt.tls.ca-file", pki.ca().certFile().toString(),
                    "mqtt.tls.cert-file", pki.expiredClient().certFile().toString(),
                    "mqtt.tls.key-file", pki.expiredClient().keyFile().toString(), "startup.timeout", "3s");

            // TLS 1.3: the client's handshake is done before the broker checks the certificate, so the
            // client sees the connection closed (its alert is rarely read); the reason is in the broker's log
            assertThatThrownBy(() -> Gateway.start(GatewayConfig.from(ConfigSource.of(cfg))).close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("MQTT TLS handshake with " + mosquitto.url() + " failed: ")
                    .hasMessageContaining("the client certificate in mqtt.tls.cert-file=" + pki.expiredClient().certFile()
                            + " expired on " + pki.expiredClient().certificate().getNotAfter().toInstant());
            assertThat(mosquitto.log()).contains("certificate verify failed");
        }
    }

    @Test
    void shouldSayTheBrokerRefusedAWrongPassword() {
        Security security = Security.none().tls(serverTls()).user("gateway", GATEWAY_PASSWORD);
        try (MosquittoProcess mosquitto = MosquittoProcess.start(security)) {
            Map<String, String> cfg = gatewayConfig(mosquitto, "mqtt.tls.ca-file", pki.ca().certFile().toString(),
                    "mqtt.username", "gateway", "mqtt.password", "not-the-password", "startup.timeout", "3s");

            assertThatThrownBy(() -> Gateway.start(GatewayConfig.from(ConfigSource.of(cfg))).close())
                    .isInstanceOf(StartupException.class)
                    // Mosquitto answers a wrong password with CONNACK 0x87 (not 0x86 bad user name or password)
                    .hasMessageContaining("Not authorized. (reason code 135)")
                    .hasMessageContaining("check mqtt.username, mqtt.password")
                    .hasMessageNotContaining("not-the-password");
        }
    }
}
