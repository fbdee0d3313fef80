package dev.telemetry.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.net.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mqtt.tls.*} keys: read, checked against the URL, and their files loaded at start-up. */
class GatewayTlsConfigTest {

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create(dir);
    }

    private static GatewayConfig from(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("gateway.id", "gw-tls"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return GatewayConfig.from(ConfigSource.of(values));
    }

    @Test
    void shouldReadMutualTlsFilesAndShowThemWithoutThePassword() {
        Path encrypted = pki.writeEncryptedPkcs8("gw-key.pem", pki.client().key(), "k3y-pw");

        GatewayConfig cfg = from("mqtt.url", "ssl://broker:8883", "mqtt.tls.ca-file", pki.ca().certFile().toString(),
                "mqtt.tls.cert-file", pki.client().certFile().toString(), "mqtt.tls.key-file", encrypted.toString(),
                "mqtt.tls.key-password", "k3y-pw");

        assertThat(cfg.mqttSettings().tls().caFile()).isEqualTo(pki.ca().certFile());
        assertThat(cfg.mqttSettings().tls().hasClientCertificate()).isTrue();
        assertThat(cfg.mqttSettings().tls().verifyHostname()).isTrue();
        assertThat(cfg.summary()).contains("mqtt.tls.ca-file=" + pki.ca().certFile(),
                "mqtt.tls.key-file=" + encrypted, "mqtt.tls.key-password=****", "mqtt.tls.verify-hostname=true")
                .doesNotContain("k3y-pw");
        assertThat(cfg.mqttSettings().toString()).doesNotContain("k3y-pw");
    }

    @Test
    void shouldReadTheKeyPasswordFromAFile() throws IOException {
        Path encrypted = pki.writeEncryptedPkcs8("gw-key2.pem", pki.client().key(), "from-file");
        Path secret = Files.writeString(dir.resolve("key-password"), "from-file\n");

        GatewayConfig cfg = from("mqtt.url", "ssl://broker:8883", "mqtt.tls.cert-file",
                pki.client().certFile().toString(), "mqtt.tls.key-file", encrypted.toString(),
                "mqtt.tls.key-password.file", secret.toString());

        assertThat(cfg.mqttSettings().tls().keyPassword()).isEqualTo("from-file");
    }

    @Test
    void shouldAcceptTlsWithoutFilesAndDefaultToHostNameVerification() {
        GatewayConfig cfg = from("mqtt.url", "ssl://broker:8883");

        assertThat(cfg.mqttSettings().tls().isConfigured()).isFalse();
        assertThat(cfg.mqttSettings().tls().verifyHostname()).isTrue();
        assertThat(from("mqtt.url", "wss://broker:443", "mqtt.tls.verify-hostname", "false").mqtt().tls()
                .verifyHostname()).isFalse();
    }

    @Test
    void shouldRefuseTlsKeysWithAPlainUrl() {
        assertThatThrownBy(() -> from("mqtt.url", "tcp://broker:1883", "mqtt.tls.ca-file",
                pki.ca().certFile().toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("mqtt.tls.ca-file is set but mqtt.url 'tcp://broker:1883' does not use TLS");
        assertThatThrownBy(() -> from("mqtt.url", "ws://broker:80", "mqtt.tls.verify-hostname", "false"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.tls.verify-hostname is set but");
    }

    @Test
    void shouldFailAtStartUpNamingTheKeyOfABadFile() {
        Path missing = dir.resolve("missing-ca.pem");

        assertThatThrownBy(() -> from("mqtt.url", "ssl://broker:8883", "mqtt.tls.ca-file", missing.toString()))
                .isInstanceOf(ConfigException.class).hasMessage("mqtt.tls.ca-file=" + missing + ": no such file");
        assertThatThrownBy(() -> from("mqtt.url", "ssl://broker:8883", "mqtt.tls.cert-file",
                pki.client().certFile().toString(), "mqtt.tls.key-file", pki.server().keyFile().toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("mqtt.tls.key-file=" + pki.server().keyFile() + " is not the private key");
        assertThatThrownBy(() -> from("mqtt.url", "ssl://broker:8883", "mqtt.tls.cert-file",
                pki.client().certFile().toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("mqtt.tls.cert-file is set without mqtt.tls.key-file");
        assertThatThrownBy(() -> from("mqtt.url", "ssl://broker:8883", "mqtt.tls.key-password", "x",
                "mqtt.tls.key-password.file", "/nonexistent"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.tls.key-password");
    }
}
