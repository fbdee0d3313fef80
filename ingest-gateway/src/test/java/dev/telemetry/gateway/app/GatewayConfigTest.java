package dev.telemetry.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayConfigTest {

    private static GatewayConfig from(Map<String, String> values) {
        return GatewayConfig.from(ConfigSource.of(values));
    }

    @Test
    void shouldApplyDefaults() {
        GatewayConfig cfg = from(Map.of("gateway.id", "gw-7"));

        assertThat(cfg.mqttUrl()).isEqualTo(URI.create("tcp://localhost:1883"));
        assertThat(cfg.mqttClientId()).isEqualTo("gateway-gw-7");
        assertThat(cfg.mqttTopicFilter()).isEqualTo("sensors/#");
        assertThat(cfg.mqttQos()).isEqualTo(1);
        assertThat(cfg.mqttSessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(cfg.mqttReceiveMaximum()).isEqualTo(1000);
        assertThat(cfg.mqttMaxPayloadBytes()).isEqualTo(256 * 1024);
        assertThat(cfg.jsonTopicTemplate()).hasToString("sensors/{deviceId}");
        assertThat(cfg.plainTopicTemplate()).hasToString("sensors/{deviceId}/{metric}");
        assertThat(cfg.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(cfg.kafka()).isEmpty();
        assertThat(cfg.topicPartitions()).isEqualTo(6);
        assertThat(cfg.topicReplicationFactor()).isEqualTo((short) 1);
        assertThat(cfg.mqttUsername()).isNull();
    }

    @Test
    void shouldDefaultTheGatewayIdToAValidHostName() {
        GatewayConfig cfg = from(Map.of());

        assertThat(cfg.gatewayId()).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(cfg.mqttClientId()).isEqualTo("gateway-" + cfg.gatewayId());
    }

    @Test
    void shouldTakeOverridesFromTheEnvironment() {
        GatewayConfig cfg = GatewayConfig.from(ConfigSource.load(null, Map.of(
                "MQTT_URL", "ssl://broker.example:8883",
                "MQTT_RECEIVE_MAXIMUM", "50",
                "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "KAFKA_LINGER_MS", "20"), Map.of("gateway.id", "gw-1")));

        assertThat(cfg.mqttUrl()).isEqualTo(URI.create("ssl://broker.example:8883"));
        assertThat(cfg.mqttReceiveMaximum()).isEqualTo(50);
        assertThat(cfg.kafkaBootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(cfg.kafka()).containsExactly(Map.entry("linger.ms", "20"));
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
        assertThat(from(Map.of("mqtt.topic-filter", "$share/gateways/sensors/#")).mqttTopicFilter())
                .isEqualTo("$share/gateways/sensors/#");
    }

    @Test
    void shouldRefuseKafkaSettingsThatBreakTheDeliveryGuarantee() {
        assertThatThrownBy(() -> from(Map.of("kafka.acks", "1"))).hasMessageContaining("kafka.acks");
        assertThatThrownBy(() -> from(Map.of("kafka.enable.idempotence", "false")))
                .hasMessageContaining("kafka.enable.idempotence");
        assertThat(from(Map.of("kafka.acks", "all")).kafka()).containsEntry("acks", "all");
    }

    @Test
    void shouldMaskSecretsInTheSummary() {
        GatewayConfig cfg = from(Map.of("gateway.id", "gw-1", "mqtt.username", "gw", "mqtt.password", "s3cret",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " password=\"k4fka\";"));

        assertThat(cfg.summary())
                .contains("mqtt.username=gw", "mqtt.password=****", "kafka.sasl.jaas.config=****",
                        "mqtt.url=tcp://localhost:1883")
                .doesNotContain("s3cret", "k4fka");
        assertThat(cfg.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldDefaultAndOverrideTheJsonFieldNames() {
        GatewayConfig defaults = from(Map.of("gateway.id", "gw-1"));
        GatewayConfig custom = from(Map.of("gateway.id", "gw-1", "json.device-id-field", "id",
                "json.time-field", "time", "json.seq-field", "counter"));

        assertThat(defaults.jsonFields()).isEqualTo(new dev.telemetry.gateway.decode.JsonFields("deviceId", "ts", "seq"));
        assertThat(custom.jsonFields()).isEqualTo(new dev.telemetry.gateway.decode.JsonFields("id", "time", "counter"));
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
}
