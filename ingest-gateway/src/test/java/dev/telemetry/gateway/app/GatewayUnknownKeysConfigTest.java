package dev.telemetry.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A key nobody reads (a misspelling) stops the gateway at start-up; a valid key of an unused mode does not. */
class GatewayUnknownKeysConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAMisspeltKeyInTheFileNamingTheFileAndTheKeyItResembles() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.properties"),
                "gateway.id=gw-1\nmqtt.recieve-maximum=50\nkafka.linger.ms=5\n");

        assertThatThrownBy(() -> GatewayConfig.from(ConfigSource.load(file, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown configuration key 'mqtt.recieve-maximum' (from file"
                        + " gateway.properties; did you mean 'mqtt.receive-maximum'?)");
    }

    @Test
    void shouldRefuseAMisspeltCommandLineKeyButNotAnUnrelatedEnvironmentVariable() {
        ConfigSource source = ConfigSource.load(null, Map.of("MQTT_TOPIC_FILTRE", "x", "HOME", "/root"),
                Map.of("gateway.id", "gw-1", "mqtt.topic.filter", "devices/#"));

        assertThatThrownBy(() -> GatewayConfig.from(source)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown configuration key 'mqtt.topic.filter' (from command line;"
                        + " did you mean 'mqtt.topic-filter'?)")
                .hasMessageNotContaining("FILTRE").hasMessageNotContaining("HOME");
    }

    @Test
    void shouldAcceptValidKeysThatTheCurrentModeDoesNotUse() throws Exception {
        // GIVEN template routing (no subscriptions): the sparkplug.* keys only matter for a sparkplug-b subscription
        Path password = Files.writeString(dir.resolve("mqtt-password"), "s3cret\n");
        GatewayConfig cfg = GatewayConfig.from(ConfigSource.of(Map.of("gateway.id", "gw-1",
                "sparkplug.strict", "true", "sparkplug.request-rebirth", "false", "sparkplug.rebirth-interval", "1m",
                "mqtt.shutdown.drain-timeout", "20s", "mqtt.password.file", password.toString(),
                "kafka.compression.type", "lz4")));

        assertThat(cfg.decoding().subscriptions()).isEmpty();
        assertThat(cfg.decoding().sparkplugRebirthInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cfg.mqtt().password()).isEqualTo("s3cret");
        assertThat(cfg.kafka().passThrough()).containsEntry("compression.type", "lz4");
    }

    @Test
    void shouldRefuseTheKeysOfASubscriptionThatIsNotListed() {
        // subscription b would be silently ignored: only the names in subscriptions are read
        assertThatThrownBy(() -> GatewayConfig.from(ConfigSource.of(Map.of("gateway.id", "gw-1",
                "subscriptions", "a",
                "subscription.a.filter", "a/+", "subscription.a.format", "json", "subscription.a.topic-template",
                "a/{deviceId}",
                "subscription.b.filter", "b/+"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown configuration key 'subscription.b.filter' (from command line;"
                        + " did you mean 'subscription.a.filter'?)");
    }

    @Test
    void shouldExitWithTheConfigurationErrorCodeWhenAKeyIsMisspelt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = new CommandLine(new GatewayMain()).execute("-Dgateway.id=gw-1", "-Dstartup.timeout=1s",
                    "-Dmqtt.qso=0");
        } finally {
            System.setErr(original);
        }

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("configuration error: unknown configuration key"
                + " 'mqtt.qso' (from command line; did you mean 'mqtt.qos'?)");
    }
}
