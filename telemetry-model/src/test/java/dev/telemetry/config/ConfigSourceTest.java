package dev.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetEnvironmentBeatFileAndCommandLineBeatEnvironment() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "mqtt.url=tcp://file:1883\nhttp.port=8081\nmqtt.qos=0\n");
        ConfigSource cfg = ConfigSource.load(file,
                Map.of("MQTT_URL", "tcp://env:1883", "HTTP_PORT", "9000"),
                Map.of("http.port", "9100"));
        assertThat(cfg.string("mqtt.url", null)).isEqualTo("tcp://env:1883");
        assertThat(cfg.integer("http.port", 8080, 1, 65535)).isEqualTo(9100);
        assertThat(cfg.integer("mqtt.qos", 1, 0, 2)).isZero();
        assertThat(cfg.integer("missing", 42, 0, 100)).isEqualTo(42);
    }

    @Test
    void shouldMapKafkaEnvironmentVariablesToClientSettings() {
        ConfigSource cfg = ConfigSource.load(null,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9092", "KAFKA_LINGER_MS", "5", "PATH", "/bin"), Map.of());
        assertThat(cfg.withPrefix("kafka.")).containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("linger.ms", "5")
                .hasSize(2);
        assertThat(cfg.string("kafka.bootstrap.servers", "x")).isEqualTo("b:9092");
    }

    @Test
    void shouldNameTheKeyAndTheSourceOfABadValue() {
        ConfigSource cfg = ConfigSource.load(null, Map.of("MQTT_QOS", "7", "HTTP_PORT", "http"), Map.of());
        assertThatThrownBy(() -> cfg.integer("mqtt.qos", 1, 0, 2))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.qos")
                .hasMessageContaining("between 0 and 2")
                .hasMessageContaining("MQTT_QOS");
        assertThatThrownBy(() -> cfg.integer("http.port", 8080, 1, 65535))
                .hasMessageContaining("http.port must be an integer");
    }

    @Test
    void shouldParseDurationsAndBooleans() {
        ConfigSource cfg = ConfigSource.of(Map.of("a", "500ms", "b", "5m", "c", "PT2S", "d", "soon", "e", "yes",
                "f", "maybe"));
        assertThat(cfg.duration("a", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(cfg.duration("b", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(cfg.duration("c", null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(cfg.duration("x", Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> cfg.duration("d", null)).hasMessageContaining("d must be a duration");
        assertThat(cfg.bool("e", false)).isTrue();
        assertThatThrownBy(() -> cfg.bool("f", false)).hasMessageContaining("f must be true or false");
    }

    @Test
    void shouldValidateUrlSchemes() {
        ConfigSource cfg = ConfigSource.of(Map.of("mqtt.url", "http://h:1", "ok", "tcp://h:1883"));
        assertThatThrownBy(() -> cfg.uri("mqtt.url", null, Set.of("tcp", "ssl")))
                .hasMessageContaining("mqtt.url");
        assertThat(cfg.uri("ok", null, Set.of("tcp")).getPort()).isEqualTo(1883);
    }

    @Test
    void shouldRequireKeysAndMaskSecrets() {
        ConfigSource cfg = ConfigSource.of(Map.of());
        assertThatThrownBy(() -> cfg.requiredString("mqtt.url"))
                .hasMessageContaining("mqtt.url is required").hasMessageContaining("MQTT_URL");
        assertThat(ConfigSource.mask("mqtt.password", "hunter2")).isEqualTo("****");
        assertThat(ConfigSource.mask("kafka.sasl.jaas.config", "x")).isEqualTo("****");
        assertThat(ConfigSource.mask("mqtt.url", "tcp://h")).isEqualTo("tcp://h");
    }

    @Test
    void shouldFailClearlyWhenTheFileIsMissing() {
        assertThatThrownBy(() -> ConfigSource.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
    }

    @Test
    void shouldReadSecretsFromTheKeyOrFromAFileButNeverBoth() throws Exception {
        Path secretFile = dir.resolve("mqtt-password");
        Files.writeString(secretFile, "hunter2\n");
        ConfigSource fromFile = ConfigSource.load(null, Map.of("MQTT_PASSWORD_FILE", secretFile.toString()), Map.of());
        assertThat(fromFile.secret("mqtt.password")).isEqualTo("hunter2");
        assertThat(ConfigSource.of(Map.of("mqtt.password", "direct")).secret("mqtt.password")).isEqualTo("direct");
        assertThat(ConfigSource.of(Map.of()).secret("mqtt.password")).isNull();

        ConfigSource both = ConfigSource.of(Map.of("mqtt.password", "direct", "mqtt.password.file", secretFile.toString()));
        assertThatThrownBy(() -> both.secret("mqtt.password"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.password.file")
                .hasMessageNotContaining("direct").hasMessageNotContaining("hunter2");

        Path empty = dir.resolve("empty");
        Files.writeString(empty, " \n");
        assertThatThrownBy(() -> ConfigSource.of(Map.of("mqtt.password.file", empty.toString())).secret("mqtt.password"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("empty file");
        assertThatThrownBy(() -> ConfigSource.of(Map.of("mqtt.password.file", dir.resolve("missing").toString()))
                .secret("mqtt.password"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.password.file").hasMessageContaining("missing");
    }

    @Test
    void shouldRejectAKeyFromTheFileThatNothingReadsNamingTheFile() throws Exception {
        Path file = dir.resolve("processor.properties");
        Files.writeString(file, "http.port=8081\nhttp.prot=9000\n");
        ConfigSource cfg = ConfigSource.load(file, Map.of(), Map.of());
        cfg.integer("http.port", 8080, 0, 65535);
        assertThatThrownBy(cfg::requireAllKeysKnown)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'http.prot' (from file processor.properties;"
                        + " did you mean 'http.port'?)")
                .hasMessageNotContaining("'http.port' (from");
    }

    @Test
    void shouldRejectAnUnreadCommandLineKeyAndSuggestTheKeyWithTheSameLastSegment() {
        ConfigSource cfg = ConfigSource.load(null, Map.of(), Map.of("stream.threads", "2"));
        cfg.integer("num.stream.threads", 1, 1, 64);
        cfg.string("application.id", "app");
        assertThatThrownBy(cfg::requireAllKeysKnown)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'stream.threads' (from command line; did you mean 'num.stream.threads'?)");
    }

    @Test
    void shouldNameEveryUnknownKeyAndSuggestNothingWhenNoKnownKeyIsClose() {
        ConfigSource cfg = ConfigSource.of(Map.of("colour", "blue", "mqtt.urll", "tcp://h:1883"));
        cfg.string("mqtt.url", null);
        assertThatThrownBy(cfg::requireAllKeysKnown)
                .hasMessageContaining("unknown configuration keys 'colour' (from command line), 'mqtt.urll'"
                        + " (from command line; did you mean 'mqtt.url'?)");
    }

    @Test
    void shouldSuggestTheKeyOfAnEnvironmentVariableNameAndACorrectedPrefix() {
        ConfigSource cfg = ConfigSource.of(Map.of("MQTT_RECEIVE_MAXIMUM", "10", "kafak.linger.ms", "5"));
        cfg.integer("mqtt.receive-maximum", 1000, 1, 65535);
        cfg.withPrefix("kafka.");
        assertThatThrownBy(cfg::requireAllKeysKnown)
                .hasMessageContaining("'MQTT_RECEIVE_MAXIMUM' (from command line; did you mean 'mqtt.receive-maximum'?)")
                .hasMessageContaining("'kafak.linger.ms' (from command line; did you mean 'kafka.linger.ms'?)");
    }

    @Test
    void shouldAcceptEveryKeyUnderAPrefixThatWasRead() throws Exception {
        Path file = dir.resolve("gateway.properties");
        Files.writeString(file, "kafka.linger.ms=5\nkafka.producer.batch.size=65536\nbatch.size=1\n");
        ConfigSource cfg = ConfigSource.load(file, Map.of(), Map.of("kafka.compression.type", "lz4"));
        assertThat(cfg.withPrefix("kafka.")).hasSize(3);
        assertThatThrownBy(cfg::requireAllKeysKnown)
                .hasMessageStartingWith("unknown configuration key 'batch.size' (from file gateway.properties")
                .hasMessageNotContaining("linger").hasMessageNotContaining("compression");
    }

    @Test
    void shouldNotCheckTheEnvironmentButStillCheckKafkaVariablesAgainstTheKafkaPrefix() {
        ConfigSource cfg = ConfigSource.load(null,
                Map.of("PATH", "/bin", "STREAM_THREADS", "2", "KAFKA_LINGER_MS", "5"), Map.of());
        cfg.withPrefix("kafka.");
        cfg.requireAllKeysKnown();

        ConfigSource withoutPrefix = ConfigSource.load(null, Map.of("KAFKA_LINGER_MS", "5"), Map.of("oops", "1"));
        assertThatThrownBy(withoutPrefix::requireAllKeysKnown)
                .hasMessageContaining("'oops'").hasMessageNotContaining("linger");
    }

    @Test
    void shouldCountTheFileVariantOfASecretAsKnown() throws Exception {
        Path secretFile = dir.resolve("password");
        Files.writeString(secretFile, "hunter2\n");
        ConfigSource cfg = ConfigSource.of(Map.of("mqtt.password.file", secretFile.toString()));
        assertThat(cfg.secret("mqtt.password")).isEqualTo("hunter2");
        cfg.requireAllKeysKnown();

        ConfigSource unread = ConfigSource.of(Map.of("mqtt.password.file", secretFile.toString()));
        assertThatThrownBy(unread::requireAllKeysKnown).hasMessageContaining("'mqtt.password.file'");
    }
}
