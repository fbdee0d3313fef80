package dev.telemetry.processor.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authentication is required by default, and a processor with nothing to check tokens with does not start. */
class StreamProcessorAuthStartTest {

    @Test
    void shouldRefuseToStartWithoutTokensOrJwtKeyBeforeContactingKafka() {
        // nothing listens on port 1: had start-up reached Kafka, this would fail differently, after startup.timeout
        ProcessorConfig cfg = ProcessorConfig.from(ConfigSource.of(Map.of("kafka.bootstrap.servers", "127.0.0.1:1",
                "http.port", "0", "startup.timeout", "1m")));

        assertThatThrownBy(() -> StreamProcessor.start(cfg)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("api.auth.tokens-file").hasMessageContaining("api.auth.jwt.public-key-file")
                .hasMessageContaining("api.auth.mode=off");
    }
}
