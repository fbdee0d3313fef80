package dev.telemetry.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureBrokerTest {

    @TempDir
    Path dir;

    @Test
    void shouldAddASaslListenerWithPlainUsersAndScramLoginModules() {
        SecureBroker broker = SecureBroker.prepare(SecureListeners.sasl(Map.of("alice", "pa\"ss")), dir);
        Map<String, String> config = broker.brokerConfig(9092, 9093, "CONTROLLER");

        assertThat(config.get("listeners")).startsWith("PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:")
                .endsWith(",CONTROLLER://127.0.0.1:9093");
        assertThat(config.get("advertised.listeners")).doesNotContain("CONTROLLER");
        assertThat(config).containsEntry("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                .containsEntry("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"pa\\\"ss\";")
                .containsEntry("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .doesNotContainKey("ssl.keystore.location");
        assertThatThrownBy(broker::caCertificate).hasMessageContaining("withTls");
    }

    @Test
    void shouldGenerateACertificateForTheTlsListeners() throws Exception {
        SecureBroker broker = SecureBroker.prepare(SecureListeners.sasl(Map.of("alice", "pw")).withTls(), dir);
        Map<String, String> config = broker.brokerConfig(9092, 9093, "CONTROLLER");

        assertThat(config.get("listeners")).contains("SSL://127.0.0.1:", "SASL_SSL://127.0.0.1:");
        assertThat(config).containsKey("listener.name.sasl_ssl.plain.sasl.jaas.config")
                .containsEntry("ssl.keystore.type", "PKCS12");
        assertThat(Path.of(config.get("ssl.keystore.location"))).isRegularFile();
        assertThat(Files.readString(broker.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(SecureListeners.sasl(Map.of("alice", "Secr3t-pw")).toString()).contains("alice").doesNotContain("Secr3t");
    }
}
