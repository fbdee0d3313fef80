package dev.telemetry.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.processor.topology.LoggingProductionExceptionHandler;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void shouldConfigureStreamsFromTypedKeysAndPassThrough() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of(
                "application.id", "proc-test",
                "kafka.bootstrap.servers", "b1:9092,b2:9092",
                "kafka.num.standby.replicas", "1",
                "commit.interval", "1s",
                "processing.guarantee", "at_least_once",
                "topics.replication-factor", "3",
                "http.advertised-host", "proc-1.internal")));

        Properties p = StreamsSettings.streams(cfg, 8123);
        StreamsConfig streams = new StreamsConfig(p);

        assertThat(streams.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("proc-test");
        assertThat(streams.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).containsExactly("b1:9092", "b2:9092");
        assertThat(streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1_000L);
        assertThat(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("at_least_once");
        assertThat(streams.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThat(streams.getString(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("proc-1.internal:8123");
        assertThat(streams.getBoolean(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isTrue();
        assertThat(streams.getClass(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(LogAndContinueExceptionHandler.class);
        assertThat(streams.getClass(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(LoggingProductionExceptionHandler.class);
    }

    @Test
    void shouldKeepOneStandbyReplicaUnlessConfiguredOtherwise() {
        Properties defaults = StreamsSettings.streams(ProcessorConfig.from(ConfigSource.of(Map.of())), 8080);
        Properties none = StreamsSettings.streams(ProcessorConfig.from(ConfigSource.of(Map.of(
                "kafka.num.standby.replicas", "0"))), 8080);

        assertThat(new StreamsConfig(defaults).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(new StreamsConfig(none).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isZero();
    }

    @Test
    void shouldDefaultToExactlyOnceV2() {
        Properties p = StreamsSettings.streams(ProcessorConfig.from(ConfigSource.of(Map.of())), 8080);

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldGiveEveryClientTheSecuritySettings() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of(
                "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.username", "processor", "kafka.sasl.password", "Str3ams-pw")));
        String jaas = KafkaSecurity.jaasConfig("PLAIN", "processor", "Str3ams-pw");

        for (Properties p : List.of(StreamsSettings.streams(cfg, 8080), StreamsSettings.admin(cfg),
                StreamsSettings.producer(cfg))) {
            assertThat(p).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", jaas).doesNotContainKeys("sasl.username", "sasl.password");
        }
        assertThat(cfg.summary()).contains("kafka.sasl.username=processor", "kafka.sasl.password=****")
                .doesNotContain("Str3ams-pw");
        assertThat(cfg.toString()).doesNotContain("Str3ams-pw");
    }

    @Test
    void shouldGiveAdminClientOnlyAdminSettings() {
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.username", "processor",
                "kafka.sasl.password", "Str3ams-pw",
                "kafka.num.standby.replicas", "1",
                "kafka.admin.request.timeout.ms", "5000")));

        Properties admin = StreamsSettings.admin(cfg);

        assertThat(admin).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", KafkaSecurity.jaasConfig("SCRAM-SHA-512", "processor",
                        "Str3ams-pw"))
                .containsEntry("request.timeout.ms", "5000")
                .containsEntry("bootstrap.servers", "localhost:9092")
                .doesNotContainKey("num.standby.replicas");
    }
}
