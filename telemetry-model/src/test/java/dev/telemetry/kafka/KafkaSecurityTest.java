package dev.telemetry.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    private static final String PASSWORD = "s3cr\"et\\pa ss=;word";

    @TempDir
    Path dir;

    private static KafkaSecurity parse(Map<String, String> values) {
        return KafkaSecurity.from(ConfigSource.of(values));
    }

    @Test
    void shouldDefaultToPlaintextWithOnlyTheProtocolForTheClients() {
        KafkaSecurity security = parse(Map.of());
        assertThat(security.isPlaintext()).isTrue();
        assertThat(security.clientProperties()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void shouldBuildAScramJaasLineThatKafkaParsesBackToTheSamePassword() {
        KafkaSecurity security = parse(Map.of("kafka.security.protocol", "sasl_ssl",
                "kafka.sasl.mechanism", "scram-sha-512", "kafka.sasl.username", "alice",
                "kafka.sasl.password", PASSWORD));

        Map<String, String> client = security.clientProperties();
        assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(client.get("sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\""
                        + " password=\"s3cr\\\"et\\\\pa ss=;word\";");
        Map<String, Object> options = parsedJaasOptions(client.get("sasl.jaas.config"),
                "org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(options).containsEntry("username", "alice").containsEntry("password", PASSWORD);
    }

    @Test
    void shouldBuildAPlainJaasLine() {
        String jaas = KafkaSecurity.jaasConfig("PLAIN", "API\\KEY", "x\"y");
        assertThat(jaas).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"API\\\\KEY\" password=\"x\\\"y\";");
        assertThat(parsedJaasOptions(jaas, "org.apache.kafka.common.security.plain.PlainLoginModule"))
                .containsEntry("username", "API\\KEY").containsEntry("password", "x\"y");
    }

    /** The options as Kafka's own JAAS parser reads them back. */
    private static Map<String, Object> parsedJaasOptions(String jaas, String module) {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new Password(jaas))).configurationEntries();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getLoginModuleName()).isEqualTo(module);
        return new HashMap<>(entries.get(0).getOptions());
    }

    @Test
    void shouldReadThePasswordFromAMountedFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("kafka-password"), PASSWORD + "\n");
        KafkaSecurity security = KafkaSecurity.from(ConfigSource.load(null, Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_USERNAME", "bob", "KAFKA_SASL_PASSWORD_FILE", secret.toString()), Map.of()));
        assertThat(security.saslPassword()).isEqualTo(PASSWORD);
    }

    @Test
    void shouldNameTheKeyOfEveryMissingOrWrongSetting() {
        Map<String, String> sasl = Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.username", "u", "kafka.sasl.password", PASSWORD);
        assertFailure(Map.of("kafka.security.protocol", "TLS"), "kafka.security.protocol", "SASL_SSL");
        assertFailure(without(sasl, "kafka.sasl.mechanism"), "kafka.sasl.mechanism", "SCRAM-SHA-512");
        assertFailure(with(sasl, "kafka.sasl.mechanism", "GSSAPI"), "kafka.sasl.mechanism",
                "[PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]");
        assertFailure(without(sasl, "kafka.sasl.username"), "kafka.sasl.username", "required");
        assertFailure(without(sasl, "kafka.sasl.password"), "kafka.sasl.password", "required");
        assertFailure(with(sasl, "kafka.sasl.jaas.config", "x required;"), "kafka.sasl.jaas.config",
                "kafka.sasl.username / kafka.sasl.password");
        assertFailure(Map.of("kafka.sasl.username", "u"), "kafka.sasl.username", "PLAINTEXT");
        assertFailure(with(sasl, "kafka.ssl.truststore.location", dir.resolve("missing.pem").toString()),
                "kafka.ssl.truststore.location", "missing.pem");
        assertFailure(with(sasl, "kafka.sasl.username", "line\nbreak"), "kafka.sasl.username", "control");
    }

    @Test
    void shouldCheckStoresAgainstProtocolTypeAndPassword() throws Exception {
        String pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n").toString();
        String p12 = Files.writeString(dir.resolve("client.p12"), "x").toString();
        assertFailure(Map.of("kafka.ssl.truststore.location", pem), "kafka.ssl.truststore.location", "does not use TLS");
        assertFailure(Map.of("kafka.security.protocol", "SSL", "kafka.ssl.truststore.location", pem,
                "kafka.ssl.truststore.password", PASSWORD), "kafka.ssl.truststore.password", "PEM");
        assertFailure(Map.of("kafka.security.protocol", "SSL", "kafka.ssl.truststore.location", pem,
                "kafka.ssl.truststore.type", "PKCS11"), "kafka.ssl.truststore.type", "[PEM, PKCS12, JKS]");
        assertFailure(Map.of("kafka.security.protocol", "SSL", "kafka.ssl.keystore.location", p12),
                "kafka.ssl.keystore.password", "PKCS12");
        assertFailure(Map.of("kafka.security.protocol", "SSL", "kafka.ssl.truststore.password", PASSWORD),
                "kafka.ssl.truststore.password", "location is not");

        KafkaSecurity mtls = parse(Map.of("kafka.security.protocol", "SSL", "kafka.ssl.truststore.location", pem,
                "kafka.ssl.keystore.location", p12, "kafka.ssl.keystore.password", PASSWORD));
        assertThat(mtls.clientProperties()).containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", pem).containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", PASSWORD).doesNotContainKey("sasl.jaas.config");
    }

    private void assertFailure(Map<String, String> values, String key, String detail) {
        assertThatThrownBy(() -> parse(values)).as("%s", values).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key).hasMessageContaining(detail).message()
                .doesNotContain(PASSWORD);
    }

    @Test
    void shouldNeverShowSecretsInTheSummaryOrToString() throws Exception {
        Path p12 = Files.writeString(dir.resolve("client.p12"), "x");
        KafkaSecurity security = parse(Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512", "kafka.sasl.username", "alice",
                "kafka.sasl.password", PASSWORD, "kafka.ssl.truststore.location", p12.toString(),
                "kafka.ssl.truststore.password", "trust-" + PASSWORD, "kafka.ssl.keystore.location", p12.toString(),
                "kafka.ssl.keystore.password", "store-" + PASSWORD, "kafka.ssl.key.password", "key-" + PASSWORD));
        assertThat(security.toString()).contains("alice", "SCRAM-SHA-512", "****").doesNotContain(PASSWORD);
        assertThat(security.summary().toString()).doesNotContain(PASSWORD);
        assertThat(security.truststore().toString()).doesNotContain(PASSWORD);
        assertThat(security.clientProperties().values()).anyMatch(v -> v.contains(PASSWORD));
    }

    /**
     * Kafka's clients log their whole configuration at start-up; that is no leak as long as every key holding
     * a secret is of type PASSWORD, which Kafka prints as {@code [hidden]}.
     */
    @Test
    void shouldOnlyPutSecretsInSettingsKafkaLogsAsHidden() {
        List<String> secretKeys = List.of("sasl.jaas.config", "ssl.truststore.password", "ssl.keystore.password",
                "ssl.key.password");
        for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef())) {
            for (String key : secretKeys) {
                assertThat(def.configKeys().get(key).type).as(key).isEqualTo(ConfigDef.Type.PASSWORD);
            }
        }
        KafkaSecurity security = parse(Map.of("kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN", "kafka.sasl.username", "u", "kafka.sasl.password", PASSWORD));
        security.clientProperties().forEach((k, v) -> {
            if (v.contains(PASSWORD)) {
                assertThat(secretKeys).as("%s holds the password", k).contains(k);
            }
        });
    }

    @Test
    void shouldLetTypedKeysReplaceTheirPassThroughCopies() {
        KafkaSecurity security = parse(Map.of("kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN", "kafka.sasl.username", "u", "kafka.sasl.password", PASSWORD));
        Map<String, String> merged = security.merge(Map.of("linger.ms", "5", "sasl.username", "u",
                "sasl.password", PASSWORD, "ssl.endpoint.identification.algorithm", ""));
        assertThat(merged).containsKeys("linger.ms", "ssl.endpoint.identification.algorithm", "sasl.jaas.config")
                .doesNotContainKeys("sasl.username", "sasl.password");
    }

    private static Map<String, String> with(Map<String, String> m, String key, String value) {
        Map<String, String> copy = new HashMap<>(m);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> m, String key) {
        Map<String, String> copy = new HashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
