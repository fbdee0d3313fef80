package dev.telemetry.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayConfigTest {

    private static GatewayConfig from(Map<String, String> values) {
        return GatewayConfig.from(ConfigSource.of(values));
    }

    @Test
    void shouldApplyDefaults() {
        GatewayConfig cfg = from(Map.of("gateway.id", "gw-7"));

        assertThat(cfg.mqtt().url()).isEqualTo(URI.create("tcp://localhost:1883"));
        assertThat(cfg.mqtt().clientId()).isEqualTo("gateway-gw-7");
        assertThat(cfg.mqtt().topicFilter()).isEqualTo("sensors/#");
        assertThat(cfg.mqtt().qos()).isEqualTo(1);
        assertThat(cfg.mqtt().sessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(cfg.mqtt().receiveMaximum()).isEqualTo(1000);
        assertThat(cfg.mqtt().maxPayloadBytes()).isEqualTo(256 * 1024);
        assertThat(cfg.decoding().jsonTopicTemplate()).hasToString("sensors/{deviceId}");
        assertThat(cfg.decoding().plainTopicTemplate()).hasToString("sensors/{deviceId}/{metric}");
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(cfg.kafka().passThrough()).isEmpty();
        assertThat(cfg.kafka().topicPartitions()).isEqualTo(6);
        assertThat(cfg.kafka().topicReplicationFactor()).isEqualTo((short) 1);
        assertThat(cfg.mqtt().username()).isNull();
    }

    @Test
    void shouldDefaultTheGatewayIdToAValidHostName() {
        GatewayConfig cfg = from(Map.of());

        assertThat(cfg.gatewayId()).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(cfg.mqtt().clientId()).isEqualTo("gateway-" + cfg.gatewayId());
    }

    @Test
    void shouldTakeOverridesFromTheEnvironment() {
        GatewayConfig cfg = GatewayConfig.from(ConfigSource.load(null, Map.of(
                "MQTT_URL", "ssl://broker.example:8883",
                "MQTT_RECEIVE_MAXIMUM", "50",
                "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "KAFKA_LINGER_MS", "20"), Map.of("gateway.id", "gw-1")));

        assertThat(cfg.mqtt().url()).isEqualTo(URI.create("ssl://broker.example:8883"));
        assertThat(cfg.mqtt().receiveMaximum()).isEqualTo(50);
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(cfg.kafka().passThrough()).containsExactly(Map.entry("linger.ms", "20"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "3", "-1", "one"})
    void shouldRejectAnUnsupportedQosNamingTheKey(String qos) {
        assertThatThrownBy(() -> from(Map.of("mqtt.qos", qos)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.qos");
    }

    @Test
    void shouldExplainWhyQos2IsRefused() {
        assertThatThrownBy(() -> from(Map.of("mqtt.qos", "2"))).hasMessageContaining("QoS 2 is not supported");
    }

    @Test
    void shouldNameTheKeyOfEachInvalidValue() {
        assertThatThrownBy(() -> from(Map.of("mqtt.url", "http://x:1883"))).hasMessageContaining("mqtt.url");
        assertThatThrownBy(() -> from(Map.of("mqtt.receive-maximum", "0"))).hasMessageContaining("mqtt.receive-maximum");
        assertThatThrownBy(() -> from(Map.of("mqtt.session-expiry", "soon"))).hasMessageContaining("mqtt.session-expiry");
        assertThatThrownBy(() -> from(Map.of("json.topic-template", "sensors/+")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("json.topic-template");
        assertThatThrownBy(() -> from(Map.of("plain.topic-template", "sensors/{deviceId}/x")))
                .hasMessageContaining("plain.topic-template").hasMessageContaining("{metric}");
        assertThatThrownBy(() -> from(Map.of("json.topic-template", "{a}/{deviceId}/{metric}")))
                .hasMessageContaining("json.topic-template").hasMessageContaining("overlaps");
        assertThatThrownBy(() -> from(Map.of("mqtt.topic-filter", "sensors/#/x")))
                .hasMessageContaining("mqtt.topic-filter");
        assertThatThrownBy(() -> from(Map.of("mqtt.topic-filter", "$share//sensors/#")))
                .hasMessageContaining("mqtt.topic-filter");
        assertThatThrownBy(() -> from(Map.of("topics.partitions", "0"))).hasMessageContaining("topics.partitions");
        assertThatThrownBy(() -> from(Map.of("gateway.id", "gw 1"))).hasMessageContaining("gateway.id");
    }

    @Test
    void shouldAcceptSharedSubscriptions() {
        assertThat(from(Map.of("mqtt.topic-filter", "$share/gateways/sensors/#")).mqtt().topicFilter())
                .isEqualTo("$share/gateways/sensors/#");
    }

    @Test
    void shouldRefuseKafkaSettingsThatBreakTheDeliveryGuarantee() {
        assertThatThrownBy(() -> from(Map.of("kafka.acks", "1"))).hasMessageContaining("kafka.acks");
        assertThatThrownBy(() -> from(Map.of("kafka.enable.idempotence", "false")))
                .hasMessageContaining("kafka.enable.idempotence");
        assertThat(from(Map.of("kafka.acks", "all")).kafka().passThrough()).containsEntry("acks", "all");
    }

    @Test
    void shouldMaskSecretsInTheSummary() {
        GatewayConfig cfg = from(Map.of("gateway.id", "gw-1", "mqtt.username", "gw", "mqtt.password", "s3cret",
                "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " password=\"k4fka\";"));

        assertThat(cfg.summary())
                .contains("mqtt.username=gw", "mqtt.password=****", "kafka.sasl.jaas.config=****",
                        "mqtt.url=tcp://localhost:1883")
                .doesNotContain("s3cret", "k4fka");
        assertThat(cfg.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldKeepKafkaSecretsOutOfTheSummaryButGiveThemToTheClients(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path passwordFile = Files.writeString(dir.resolve("kafka-password"), "sasl-Pa55\n");
        GatewayConfig cfg = GatewayConfig.from(ConfigSource.load(null, Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_USERNAME", "telemetry-gw", "KAFKA_SASL_PASSWORD_FILE", passwordFile.toString(),
                "KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString(), "KAFKA_LINGER_MS", "7"),
                Map.of("gateway.id", "gw-1")));

        assertThat(cfg.summary()).contains("kafka.security.protocol=SASL_SSL", "kafka.sasl.mechanism=SCRAM-SHA-512",
                "kafka.sasl.username=telemetry-gw", "kafka.sasl.password=****", "kafka.linger.ms=7",
                "kafka.ssl.truststore.location=" + ca).doesNotContain("sasl-Pa55");
        assertThat(cfg.toString()).doesNotContain("sasl-Pa55");
        assertThat(cfg.kafka().passThrough()).containsOnlyKeys("linger.ms");
        assertThat(cfg.kafkaClient()).containsEntry("linger.ms", "7")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"telemetry-gw\" password=\"sasl-Pa55\";");
    }

    @Test
    void shouldRefuseSaslWithoutCredentialsNamingTheKey() {
        assertThatThrownBy(() -> from(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism",
                "PLAIN", "kafka.sasl.username", "u"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("kafka.sasl.password");
    }

    @Test
    void shouldDefaultAndOverrideTheJsonFieldNames() {
        GatewayConfig defaults = from(Map.of("gateway.id", "gw-1"));
        GatewayConfig custom = from(Map.of("gateway.id", "gw-1", "json.device-id-field", "id",
                "json.time-field", "time", "json.seq-field", "counter"));

        assertThat(defaults.decoding().jsonFields()).isEqualTo(new dev.telemetry.gateway.decode.JsonFields("deviceId", "ts", "seq"));
        assertThat(custom.decoding().jsonFields()).isEqualTo(new dev.telemetry.gateway.decode.JsonFields("id", "time", "counter"));
        assertThat(custom.summary()).contains("json.device-id-field=id", "json.time-field=time",
                "json.seq-field=counter");
    }

    @Test
    void shouldRejectJsonFieldNamesThatCollideOrContainDots() {
        assertThatThrownBy(() -> from(Map.of("json.time-field", "deviceId")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("json.time-field must differ");
        assertThatThrownBy(() -> from(Map.of("json.seq-field", "ts")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("json.seq-field must differ");
        assertThatThrownBy(() -> from(Map.of("json.device-id-field", "meta.id")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("json.device-id-field must be");
    }

    @Test
    void shouldKeepTemplateRoutingWithoutSubscriptions() {
        GatewayConfig cfg = from(Map.of("gateway.id", "gw-1"));

        assertThat(cfg.decoding().subscriptions()).isEmpty();
        assertThat(cfg.mqttSettings().topicFilters()).containsExactly("sensors/#");
        assertThat(cfg.router().decode("sensors/dev-1/t", "21.5".getBytes(), 1L).format()).isEqualTo("plain");
    }

    @Test
    void shouldReadSubscriptionsInOrder() {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("gateway.id", "gw-1");
        values.put("subscriptions", "senml, sparkplug,any");
        values.put("subscription.senml.filter", "$share/gw/senml/+");
        values.put("subscription.senml.format", "senml-json");
        values.put("subscription.senml.topic-template", "senml/{deviceId}");
        values.put("subscription.sparkplug.filter", "spBv1.0/#");
        values.put("subscription.sparkplug.format", "sparkplug-b");
        values.put("subscription.any.filter", "dev/#");
        values.put("subscription.any.format", "auto");
        values.put("subscription.any.topic-template", "dev/{deviceId}");
        values.put("sparkplug.strict", "true");
        GatewayConfig cfg = from(values);

        assertThat(cfg.decoding().subscriptions()).extracting(dev.telemetry.gateway.decode.Route::name,
                dev.telemetry.gateway.decode.Route::format).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("senml", "senml-json"),
                        org.assertj.core.groups.Tuple.tuple("sparkplug", "sparkplug-b"),
                        org.assertj.core.groups.Tuple.tuple("any", "auto"));
        assertThat(cfg.decoding().sparkplugStrict()).isTrue();
        assertThat(cfg.mqttSettings().topicFilters()).containsExactly("$share/gw/senml/+", "spBv1.0/#", "dev/#");
        assertThat(cfg.summary()).contains("subscription.senml=$share/gw/senml/+ senml-json senml/{deviceId}",
                "sparkplug.strict=true");
        assertThat(cfg.router().decode("senml/d-1", "[{\"n\":\"t\",\"v\":1}]".getBytes(), 1L).format())
                .isEqualTo("senml-json");
    }

    @Test
    void shouldRejectSubscriptionsThatCannotWork() {
        Map<String, String> base = Map.of("subscriptions", "a", "subscription.a.filter", "a/+",
                "subscription.a.format", "json", "subscription.a.topic-template", "a/{deviceId}");

        assertThat(from(base).decoding().subscriptions()).hasSize(1);
        assertThatThrownBy(() -> from(with(base, "mqtt.topic-filter", "sensors/#")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.topic-filter cannot be combined");
        assertThatThrownBy(() -> from(with(base, "subscription.a.format", "xml")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("subscription.a.format must be one of");
        assertThatThrownBy(() -> from(with(base, "subscription.a.filter", "a/b#")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("subscription.a.filter 'a/b#' is invalid");
        assertThatThrownBy(() -> from(with(base, "subscription.a.format", "plain")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("{deviceId} and {metric}");
        assertThatThrownBy(() -> from(with(base, "subscriptions", "a,a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> from(with(with(base, "subscription.a.format", "sparkplug-b"),
                "subscription.a.filter", "$share/g/spBv1.0/#")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not be a shared subscription");
        assertThatThrownBy(() -> from(Map.of("subscriptions", "b", "subscription.b.filter", "b/#",
                "subscription.b.format", "json")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("subscription.b.topic-template is required");
        assertThatThrownBy(() -> from(Map.of("subscriptions", "b", "subscription.b.format", "json")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("subscription.b.filter is required");
    }

    @Test
    void shouldConfigureSparkplugRebirthRequests() {
        GatewayConfig defaults = from(Map.of("gateway.id", "gw-1"));
        GatewayConfig off = from(Map.of("gateway.id", "gw-1", "sparkplug.request-rebirth", "false",
                "sparkplug.rebirth-interval", "5m", "sparkplug.max-edge-nodes", "10"));

        assertThat(defaults.decoding().sparkplugRequestRebirth()).isTrue();
        assertThat(defaults.decoding().sparkplugRebirthInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.decoding().sparkplugMaxEdgeNodes()).isEqualTo(100_000);
        assertThat(off.decoding().sparkplugRequestRebirth()).isFalse();
        assertThat(off.decoding().sparkplugRebirthInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(off.summary()).contains("sparkplug.request-rebirth=false", "sparkplug.max-edge-nodes=10");
        assertThatThrownBy(() -> from(Map.of("sparkplug.rebirth-interval", "0s")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("sparkplug.rebirth-interval");
        assertThatThrownBy(() -> from(Map.of("sparkplug.max-edge-nodes", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sparkplug.max-edge-nodes");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
