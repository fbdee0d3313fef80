package dev.telemetry.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.Json;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.TimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleOutFleetTest {

    @Test
    void shouldSendToEveryDeviceInTurnWithItsNextSeqAndAnIncreasingEventTime() throws IOException {
        ScaleOutFleet fleet = new ScaleOutFleet(3, 1);

        List<ScaleOutFleet.Message> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(fleet.next(1_000)); // a clock that stands still: event times must still increase per device
        }

        assertThat(sent).extracting(ScaleOutFleet.Message::topic).containsExactly("sensors/scale-00000",
                "sensors/scale-00001", "sensors/scale-00002", "sensors/scale-00000", "sensors/scale-00001",
                "sensors/scale-00002");
        JsonNode first = Json.mapper().readTree(sent.get(0).payload());
        JsonNode second = Json.mapper().readTree(sent.get(3).payload());
        assertThat(first.get("seq").asInt()).isEqualTo(1);
        assertThat(second.get("seq").asInt()).isEqualTo(2);
        assertThat(second.get("ts").asLong()).isGreaterThan(first.get("ts").asLong())
                .isEqualTo(sent.get(3).eventTime());
        assertThat(fleet.generated()).isEqualTo(6);
        assertThat(ScaleOutFleet.indexOf("scale-00002")).isEqualTo(2);
        assertThat(ScaleOutFleet.indexOf("bench-dev-000002")).isEqualTo(-1);
    }

    @Test
    void shouldMatchTheStateThatKeptEveryReadingOnceAndTheLatestValuePerMetric() throws IOException {
        ScaleOutFleet fleet = new ScaleOutFleet(1, 7);
        List<ScaleOutFleet.Message> sent = List.of(fleet.next(10), fleet.next(20), fleet.next(30));

        ScaleOutFleet.Comparison c = fleet.compare(0, stateOf(sent, 3));

        assertThat(c.matches()).as(c.difference()).isTrue();
        assertThat(c.acceptedExcess()).isZero();
    }

    @Test
    void shouldTellReadingsCountedTwiceFromReadingsNeverCounted() throws IOException {
        ScaleOutFleet fleet = new ScaleOutFleet(1, 7);
        List<ScaleOutFleet.Message> sent = List.of(fleet.next(10), fleet.next(20), fleet.next(30));

        ScaleOutFleet.Comparison twice = fleet.compare(0, stateOf(sent, 4));
        ScaleOutFleet.Comparison missing = fleet.compare(0, stateOf(sent.subList(0, 2), 2));

        assertThat(twice.matches()).isFalse();
        assertThat(twice.acceptedExcess()).isEqualTo(1);
        assertThat(twice.difference()).contains("accepted 4 (published 3)");
        assertThat(missing.matches()).isFalse();
        assertThat(missing.acceptedMissing()).isEqualTo(1);
        assertThat(missing.difference()).contains("temperature").contains("at 10 (published");
    }

    /** The state the processor would keep after {@code readings}, counting {@code accepted} of them. */
    private static DeviceState stateOf(List<ScaleOutFleet.Message> readings, long accepted) throws IOException {
        Map<String, MetricState> metrics = new HashMap<>();
        for (ScaleOutFleet.Message m : readings) {
            JsonNode payload = Json.mapper().readTree(m.payload());
            String metric = payload.has("humidity") ? "humidity" : "temperature";
            metrics.put(metric, new MetricState(ReadingValue.of(payload.get(metric).asDouble()), null,
                    payload.get("ts").asLong(), TimeSource.DEVICE, payload.get("seq").asLong(), m.eventTime()));
        }
        return new DeviceState("scale-00000", metrics, 0, 0, DeviceStatus.ONLINE,
                new DeviceCounters(accepted, 0, 0, 0, 0));
    }
}
