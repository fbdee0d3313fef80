package dev.telemetry.simulator.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import dev.telemetry.simulator.device.DeviceModel;
import dev.telemetry.simulator.device.MetricSet;
import dev.telemetry.simulator.device.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFormatTest {

    private final JsonFormat format = new JsonFormat();

    @Test
    void shouldWriteOneFlatObjectWithTheDocumentedFieldsInOrder() {
        Sample sample = new Sample("sim-00001", 1_718_000_000_000L, 0, List.of(
                new Sample.Measurement("temperature", "Cel", 21.53),
                new Sample.Measurement("humidity", "%RH", 45.2),
                new Sample.Measurement("pressure", "Pa", 101_325.0)));

        String json = new String(format.encode(sample), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"deviceId\":\"sim-00001\",\"ts\":1718000000000,\"seq\":0,"
                + "\"temperature\":21.53,\"humidity\":45.2,\"pressure\":101325.0}");
    }

    @Test
    void shouldParseBackToTheSampleValues() throws Exception {
        DeviceModel device = DeviceModel.create("sim-00042", 41, 5L, MetricSet.standard());
        device.next(0L);
        Sample sample = device.next(1_700_000_000_123L);

        JsonNode node = Json.mapper().readTree(format.encode(sample));

        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("deviceId", "ts", "seq", "temperature", "humidity", "pressure");
        assertThat(node.get("deviceId").asText()).isEqualTo("sim-00042");
        assertThat(node.get("ts").isIntegralNumber()).isTrue();
        assertThat(node.get("ts").asLong()).isEqualTo(1_700_000_000_123L);
        assertThat(node.get("seq").asLong()).isEqualTo(1L);
        for (Sample.Measurement m : sample.values()) {
            assertThat(node.get(m.metric()).isNumber()).isTrue();
            assertThat(node.get(m.metric()).asDouble()).isEqualTo(m.value());
        }
    }

    @Test
    void shouldDescribeItselfAsJson() {
        assertThat(format.name()).isEqualTo("json");
        assertThat(format.contentType()).isEqualTo("application/json");
        assertThat(format.isJson()).isTrue();
        assertThat(PayloadFormat.byName("JSON")).isInstanceOf(JsonFormat.class);
    }

    @Test
    void shouldRejectAnUnknownFormatNamingTheKnownOnes() {
        assertThatThrownBy(() -> PayloadFormat.byName("senml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("senml")
                .hasMessageContaining("json");
    }
}
