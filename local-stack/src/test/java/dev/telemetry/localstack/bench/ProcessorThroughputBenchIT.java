package dev.telemetry.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor benchmark end to end with tiny numbers: it runs (broker, backlog, plain consumer, the processor in
 * its own JVM, heap, queries), every record is processed, every device's counters match what was produced, and
 * {@code result.json} has the figures the documentation and the goals refer to. No timing is asserted.
 */
@Timeout(600)
class ProcessorThroughputBenchIT {

    @Test
    void shouldProcessEveryReadingAndWriteTheResultFile(@TempDir Path output) throws Exception {
        Path file = ProcessorThroughputBench.run(ProcessorBenchOptions.parse(
                "--readings", "2000", "--devices", "200", "--metrics", "3", "--duplicates", "0.05",
                "--partitions", "3", "--raw-runs", "1", "--queries", "500", "--warmup-queries", "100",
                "--query-threads", "2", "--verify-devices", "200", "--output", output.toString()));

        JsonNode json = Json.mapper().readTree(file.toFile());
        JsonNode backlog = json.get("backlog");
        assertThat(backlog.get("readings").asLong()).isEqualTo(2000);
        assertThat(backlog.get("duplicates").asLong()).as("5%% of 2,000 readings sent twice").isBetween(40L, 200L);
        long records = backlog.get("records").asLong();
        assertThat(records).isEqualTo(2000 + backlog.get("duplicates").asLong());

        assertThat(json.at("/raw/passes")).hasSize(1);
        assertThat(json.at("/raw/passes/0/records").asLong()).isEqualTo(records);
        assertThat(json.at("/raw/readingsPerSecond").asLong()).isPositive();

        JsonNode processor = json.get("processor");
        assertThat(processor.get("processingGuarantee").asText()).isEqualTo("exactly_once_v2");
        assertThat(processor.get("processed").asLong()).as("offsets committed by the processor").isEqualTo(records);
        assertThat(processor.get("readingsPerSecond").asLong()).isPositive();
        assertThat(processor.get("ratioToRaw").asDouble()).isPositive();
        JsonNode timeline = processor.get("timeline");
        assertThat(timeline).isNotEmpty();
        assertThat(timeline.get(timeline.size() - 1).get(1).asLong()).isEqualTo(records);

        assertThat(json.at("/check/devices").asInt()).as("every device checked").isEqualTo(200);
        assertThat(json.at("/check/mismatches").asLong()).as("devices whose counters differ from the backlog: %s",
                json.at("/check/examples")).isZero();

        JsonNode queries = json.get("queries");
        assertThat(queries.get("count").asLong()).isEqualTo(500);
        assertThat(queries.get("errors").asLong()).isZero();
        JsonNode ms = queries.get("latencyMs");
        assertThat(ms.get("p50").asDouble()).isPositive();
        assertThat(ms.get("p99").asDouble()).isGreaterThanOrEqualTo(ms.get("p50").asDouble());
        assertThat(ms.get("p99.9").asDouble()).isGreaterThanOrEqualTo(ms.get("p99").asDouble());
        assertThat(ms.get("max").asDouble()).isGreaterThanOrEqualTo(ms.get("p99.9").asDouble());

        assertThat(json.at("/heap/usedAfterFullGcMiB").asDouble()).isPositive().isLessThan(512);
        assertThat(json.get("goals")).hasSize(4);
        json.get("goals").forEach(goal -> assertThat(goal.has("met")).isTrue());
        assertThat(output.resolve("processor.log")).exists();
    }
}
