package dev.telemetry.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.processor.anomaly.AlertsConfig;
import dev.telemetry.processor.http.security.ApiSecurityConfig;
import dev.telemetry.processor.http.security.AuthMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProcessorConfigTest {

    @Test
    void shouldUseDocumentedDefaults() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of()));

        assertThat(cfg.applicationId()).isEqualTo("telemetry-processor");
        assertThat(cfg.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(cfg.kafka()).isEmpty();
        assertThat(cfg.httpHost()).isEqualTo("0.0.0.0");
        assertThat(cfg.httpPort()).isEqualTo(8080);
        assertThat(cfg.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "telemetry-processor"));
        assertThat(cfg.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(cfg.numStreamThreads()).isEqualTo(1);
        assertThat(cfg.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(cfg.readingsTopic()).isEqualTo("telemetry.readings");
        assertThat(cfg.deviceStateTopic()).isEqualTo("telemetry.device-state");
        assertThat(cfg.orderedReadingsTopic()).isEqualTo("telemetry.readings.ordered");
        assertThat(cfg.aggregatesTopic()).isEqualTo("telemetry.aggregates.1m");
        assertThat(cfg.dedupeRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(cfg.offlineAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cfg.reorderDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(cfg.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cfg.windowGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cfg.windowRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(cfg.topicPartitions()).isEqualTo(6);
        assertThat(cfg.topicReplicationFactor()).isEqualTo((short) 1);
        assertThat(cfg.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cfg.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cfg.shutdownLeaveGroup()).isTrue();
        assertThat(cfg.alerts()).isEqualTo(AlertsConfig.defaults());
        assertThat(cfg.topology().alerts()).isEqualTo(AlertsConfig.defaults());
        assertThat(cfg.api().mode()).isEqualTo(AuthMode.REQUIRED);
        assertThat(cfg.api().tokensFile()).isNull();
        assertThat(cfg.api().jwtClockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cfg.api().corsAllowedOrigins()).isEmpty();
    }

    @Test
    void shouldReadTheApiSecurityKeys() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.load(null, Map.of("API_AUTH_MODE", "OFF"),
                Map.of("api.auth.tokens-file", "/run/secrets/api-tokens",
                        "api.auth.jwt.public-key-file", "/run/secrets/idp.pem",
                        "api.auth.jwt.issuer", "https://idp.example.com", "api.auth.jwt.audience", "telemetry",
                        "api.auth.jwt.clock-skew", "10s",
                        "api.cors.allowed-origins", "https://ops.example.com, http://localhost:3000")));

        assertThat(cfg.api()).isEqualTo(new ApiSecurityConfig(AuthMode.OFF, Path.of("/run/secrets/api-tokens"),
                Path.of("/run/secrets/idp.pem"), "https://idp.example.com", "telemetry", Duration.ofSeconds(10),
                List.of("https://ops.example.com", "http://localhost:3000")));
        assertThat(cfg.summary()).contains("api.auth.mode=off", "api.cors.allowed-origins=https://ops.example.com");
    }

    @Test
    void shouldRejectAnUnknownAuthModeNamingTheKey() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("api.auth.mode", "optional"))))
                .isInstanceOf(ConfigException.class).hasMessage("api.auth.mode must be required or off, got 'optional'");
    }

    @Test
    void shouldReadTheAlertKeys() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.load(null, Map.of("ALERTS_OFFLINE_ENABLED", "false"),
                Map.of("topics.anomalies", "a", "topics.rules", "r", "alerts.check-interval", "250ms",
                        "alerts.idle-after", "1m", "alerts.outlier.threshold", "0.99",
                        "alerts.sequence-gaps.enabled", "no", "alerts.sequence-gaps.clear-after", "10m",
                        "alerts.late-data.clear-after", "1h")));

        assertThat(cfg.alerts()).isEqualTo(new AlertsConfig("a", "r", Duration.ofMillis(250), Duration.ofMinutes(1),
                0.99, false, false, Duration.ofMinutes(10), true, Duration.ofHours(1)));
        assertThat(cfg.summary()).contains("alerts.outlier.threshold=0.99", "topics.rules=r");
    }

    @Test
    void shouldNameTheKeyOfABadAlertSetting() {
        Map<String, String> bad = Map.of(
                "alerts.outlier.threshold", "1.5",
                "alerts.check-interval", "0s",
                "alerts.idle-after", "soon",
                "alerts.offline.enabled", "maybe",
                "alerts.sequence-gaps.clear-after", "0ms",
                "topics.rules", "telemetry.readings",
                "topics.anomalies", "bad topic");
        bad.forEach((key, value) -> assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of(key, value))))
                .as(key).isInstanceOf(ConfigException.class).hasMessageContaining(key));
    }

    @Test
    void shouldTakeOverridesFromEnvironment() {
        ConfigSource source = ConfigSource.load(null,
                Map.of("HTTP_PORT", "9090", "KAFKA_BOOTSTRAP_SERVERS", "broker:29092",
                        "PROCESSING_GUARANTEE", "at_least_once", "TOPICS_REPLICATION_FACTOR", "3"),
                Map.of());

        ProcessorConfig cfg = ProcessorConfig.from(source);

        assertThat(cfg.httpPort()).isEqualTo(9090);
        assertThat(cfg.bootstrapServers()).isEqualTo("broker:29092");
        assertThat(cfg.kafka()).doesNotContainKey("bootstrap.servers");
        assertThat(cfg.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(cfg.topicReplicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldStayInTheGroupOnCloseWhenAskedAndNameABadValue() {
        assertThat(ProcessorConfig.from(ConfigSource.load(null, Map.of("SHUTDOWN_LEAVE_GROUP", "false"), Map.of()))
                .shutdownLeaveGroup()).isFalse();
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("shutdown.leave-group", "sometimes"))))
                .hasMessageContaining("shutdown.leave-group");
    }

    @Test
    void shouldLetCommandLineBeatEnvironment() {
        ConfigSource source = ConfigSource.load(null, Map.of("HTTP_PORT", "9090"), Map.of("http.port", "0"));

        assertThat(ProcessorConfig.from(source).httpPort()).isZero();
    }

    @Test
    void shouldNameTheKeyOfABadPort() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("http.port", "eighty"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port");
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.load(null, Map.of("HTTP_PORT", "70000"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("HTTP_PORT");
    }

    @Test
    void shouldRejectUnknownProcessingGuarantee() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("processing.guarantee", "exactly_once"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("exactly_once_v2");
    }

    @Test
    void shouldRejectKafkaKeysThatHaveTypedKeys() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("kafka.commit.interval.ms", "5"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.commit.interval.ms")
                .hasMessageContaining("commit.interval");
    }

    @Test
    void shouldRejectSameTopicForInputAndOutput() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("topics.device-state", "telemetry.readings"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.device-state");
    }

    @Test
    void shouldPassKafkaSettingsThroughAndMaskSecretsInSummary() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of(
                "kafka.num.standby.replicas", "1",
                "kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"u\" password=\"hunter2\";")));

        assertThat(cfg.kafka()).containsEntry("num.standby.replicas", "1");
        assertThat(cfg.summary())
                .contains("kafka.num.standby.replicas=1")
                .contains("kafka.sasl.jaas.config=****")
                .doesNotContain("hunter2");
        assertThat(cfg.toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldAdvertiseListenAddressUnlessItIsAWildcard() {
        ProcessorConfig specific = ProcessorConfig.from(ConfigSource.of(Map.of("http.host", "10.0.0.5")));
        ProcessorConfig wildcard = ProcessorConfig.from(ConfigSource.of(Map.of()));
        ProcessorConfig explicit = ProcessorConfig.from(ConfigSource.of(Map.of("http.advertised-host", "proc-2")));

        assertThat(specific.httpAdvertisedHost()).isEqualTo("10.0.0.5");
        assertThat(wildcard.httpAdvertisedHost()).isNotBlank().isNotEqualTo("0.0.0.0");
        assertThat(explicit.httpAdvertisedHost()).isEqualTo("proc-2");
    }

    @Test
    void shouldRejectApplicationServerPassThrough() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("kafka.application.server", "h:1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.advertised-host");
    }

    @Test
    void shouldDisplayLocalhostForWildcardHost() {
        assertThat(ProcessorConfig.from(ConfigSource.of(Map.of())).httpDisplayHost()).isEqualTo("localhost");
        assertThat(ProcessorConfig.from(ConfigSource.of(Map.of("http.host", "10.0.0.5"))).httpDisplayHost())
                .isEqualTo("10.0.0.5");
    }

    @Test
    void shouldPassSemanticsSettingsToTheTopology() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of("dedupe.retention", "10m",
                "device.offline-after", "30s", "reorder.delay", "500ms", "windows.size", "10s", "windows.grace", "0s",
                "windows.retention", "10s", "topics.aggregates", "agg", "topics.readings-ordered", "ordered")));

        var t = cfg.topology();

        assertThat(t.dedupeRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(t.offlineAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.reorderDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(t.windowSize()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.windowGrace()).isZero();
        assertThat(t.windowRetention()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.aggregatesTopic()).isEqualTo("agg");
        assertThat(t.orderedReadingsTopic()).isEqualTo("ordered");
        assertThat(cfg.summary()).contains("windows.grace=PT0S", "reorder.delay=PT0.5S");
    }

    @Test
    void shouldRejectBadSemanticsSettingsNamingTheKey() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("windows.size", "1m",
                "windows.grace", "5m", "windows.retention", "5m"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("windows.retention");
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("reorder.delay", "0s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reorder.delay");
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("windows.grace", "-1s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("windows.grace");
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("topics.aggregates",
                "telemetry.device-state")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.aggregates");
    }

    @Test
    void shouldRefuseAMisspeltCommandLineKeyNamingTheKeyItResembles() {
        // GIVEN the real key is num.stream.threads: before this check the processor started with 1 thread
        ConfigSource source = ConfigSource.load(null, Map.of(), Map.of("stream.threads", "2"));

        assertThatThrownBy(() -> ProcessorConfig.from(source)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown configuration key 'stream.threads' (from command line;"
                        + " did you mean 'num.stream.threads'?)");
    }

    @Test
    void shouldRefuseAMisspeltKeyInTheFileNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("processor.properties"),
                "windows.size=1m\nwindows.grase=10m\nkafka.linger.ms=5\n");

        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.load(file, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown configuration key 'windows.grase' (from file processor.properties;"
                        + " did you mean 'windows.grace'?)");
    }

    @Test
    void shouldAcceptTheKeysOfAFeatureThatIsSwitchedOff() {
        // the JWT and token keys are valid with api.auth.mode=off, the clear-after keys with their alerts off
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of("api.auth.mode", "off",
                "api.auth.jwt.public-key-file", "/run/secrets/idp.pem", "api.auth.jwt.issuer", "https://idp",
                "api.auth.jwt.clock-skew", "1m", "api.auth.tokens-file", "/run/secrets/tokens",
                "alerts.late-data.enabled", "false", "alerts.late-data.clear-after", "10m",
                "http.advertised-host", "proc-1", "kafka.sasl.password.file", "")));

        assertThat(cfg.api().mode()).isEqualTo(AuthMode.OFF);
        assertThat(cfg.api().jwtIssuer()).isEqualTo("https://idp");
        assertThat(cfg.alerts().lateDataClearAfter()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldExitWithTheConfigurationErrorCodeWhenAKeyIsMisspeltOnTheCommandLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = new CommandLine(new ProcessorMain()).execute("--set", "api.auth.mode=off",
                    "--set", "startup.timeout=1s", "--set", "stream.threads=2");
        } finally {
            System.setErr(original);
        }

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("configuration error: unknown configuration key"
                + " 'stream.threads' (from command line; did you mean 'num.stream.threads'?)");
    }
}
