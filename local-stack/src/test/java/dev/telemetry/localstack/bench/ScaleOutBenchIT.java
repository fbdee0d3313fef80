package dev.telemetry.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out benchmark end to end with small numbers: the whole timeline runs (broker stopped and restarted,
 * processor closed and restarted, gateway added and removed, the removed one's session drained), nothing is lost
 * or counted twice, the state equals the oracle, and {@code result.json} has the figures the documentation names.
 * No timing is asserted.
 */
@Timeout(600)
class ScaleOutBenchIT {

    @Test
    void shouldRunTheWholeTimelineLoseNothingAndWriteTheResultFile(@TempDir Path output) throws Exception {
        Path file = ScaleOutBench.run(ScaleOutOptions.parse("--rate", "100", "--devices", "30", "--duration", "30",
                "--query-rate", "10", "--partitions", "3", "--output", output.toString()));

        JsonNode json = Json.mapper().readTree(file.toFile());
        List<String> phases = new ArrayList<>();
        json.get("phases").forEach(p -> phases.add(p.get("name").asText()));
        assertThat(phases).containsExactly("steady", "broker down", "broker back", "processor down",
                "processor back", "gateway added", "gateway removed", "drain");
        assertThat(json.at("/phases/0/offeredPerSecond").asLong()).isPositive();
        JsonNode down = json.at("/phases/3/queries");
        assertThat(down.get("count").asLong()).as("queries while a processor is down").isPositive();
        assertThat(down.get("ok").asLong() + down.get("status503").asLong() + down.get("status404").asLong()
                + down.get("otherStatus").asLong() + down.get("failed").asLong()).isEqualTo(down.get("count").asLong());
        assertThat(json.at("/overall/endToEndMs/count").asLong()).isPositive();
        assertThat(json.at("/overall/endToEndMs/p99").asLong())
                .isGreaterThanOrEqualTo(json.at("/overall/endToEndMs/p50").asLong());

        JsonNode events = json.get("events");
        assertThat(events.get("brokerBackInSyncSeconds").asDouble()).as("-1: never back in sync").isPositive();
        assertThat(events.get("processorAnswersSeconds").asDouble()).as("-1: never answered").isPositive();
        assertThat(events.get("processorAnswersSeconds").asDouble())
                .isGreaterThanOrEqualTo(events.get("processorReadySeconds").asDouble());
        assertThat(events.get("stateEqualsOracleSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        if (events.get("heldInRemovedGatewaySession").asLong() > 0) {
            assertThat(events.get("removedSessionDrainSeconds").asDouble()).as("-1: never drained").isPositive();
        }

        JsonNode outcome = json.get("outcome");
        assertThat(outcome.get("published").asLong()).isEqualTo(3000);
        assertThat(outcome.get("lost").asLong()).isZero();
        assertThat(outcome.get("devicesChecked").asInt()).isEqualTo(30);
        assertThat(outcome.get("stateMismatches").asLong()).as("examples: %s", outcome.get("examples")).isZero();
        assertThat(outcome.get("duplicatesCountedInState").asLong()).isZero();

        JsonNode rows = json.at("/timeline/rows");
        assertThat(rows).isNotEmpty();
        List<Long> live = new ArrayList<>();
        rows.forEach(r -> live.add(r.get(4).asLong()));
        assertThat(live).as("live processor instances over time").contains(2L, 3L);
    }
}
