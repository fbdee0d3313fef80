package dev.telemetry.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.telemetry.simulator.SimulatorMain;
import dev.telemetry.simulator.device.MetricSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchScenariosTest {

    @Test
    void shouldCountDistinctValuesLikeAHashSetAcrossGrowth() {
        LongHashSet set = new LongHashSet();
        java.util.Set<Long> reference = new java.util.HashSet<>();
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            long v = i % 3 == 0 ? rng.nextLong(1_000) - 500 : rng.nextLong(); // many repeats, zero and negatives
            assertThat(set.add(v)).isEqualTo(reference.add(v));
        }
        assertThat(set.size()).isEqualTo(reference.size());
    }

    @Test
    void shouldHashDifferentIdentitiesDifferently() {
        assertThat(LongHashSet.hash("d1|temperature|1|1000")).isNotEqualTo(LongHashSet.hash("d1|temperature|2|1000"))
                .isEqualTo(LongHashSet.hash("d1|temperature|1|1000"));
    }

    @Test
    void shouldMeasureRecoveryFromTheRestoreToTheFirstStableIntervalUnderTheThreshold() {
        List<Timeline.Sample> samples = new ArrayList<>();
        double[] p99 = {100, 120, Double.NaN, Double.NaN, Double.NaN, 9_000, 6_000, 500, 3_000, 400, 300, 200, 100};
        for (int i = 0; i < p99.length; i++) {
            samples.add(new Timeline.Sample(i + 1, 0, 0, 0, 0, p99[i], Double.NaN));
        }
        // restored at 5 s; under 1 s at 8 s but not stable (3 s at 9), stable from 10 s on for 3 intervals
        assertThat(Recovery.seconds(samples, 5, 1_000, 3, Timeline.Sample::gatewayLatencyP99))
                .hasValueCloseTo(5.0, within(1e-9));
        assertThat(Recovery.seconds(samples, 5, 1_000, 5, Timeline.Sample::gatewayLatencyP99)).isEmpty();
        // the other column has no data at all: never recovered, not recovered at once
        assertThat(Recovery.seconds(samples, 5, 1_000, 1, Timeline.Sample::stateLatencyP99)).isEmpty();
    }

    @Test
    void shouldFindTheBestWindowOfAStage() {
        Timeline t = new Timeline();
        long[] processor = {0, 100, 200, 1_200, 2_200, 2_300};
        for (int i = 0; i < processor.length; i++) {
            t.add(new Timeline.Sample(i, 0, 0, 0, processor[i]));
        }
        assertThat(t.peakRate(4, 2, 0, 10)).isCloseTo(1_000, within(1e-9)); // 2 s to 4 s
        assertThat(t.peakRate(4, 1, 0, 10)).isCloseTo(1_000, within(1e-9));
        assertThat(t.peakRate(4, 2, 0, 2)).isCloseTo(100, within(1e-9));
        assertThat(t.peakRate(4, 10, 0, 10)).isZero();
    }

    @Test
    void shouldSummarizeAlertLatencyAndMissedSpikes() {
        List<SpikeInjector.Spike> spikes = List.of(new SpikeInjector.Spike("a", 1_000),
                new SpikeInjector.Spike("b", 2_000), new SpikeInjector.Spike("c", 3_000));
        Map<String, Long> raised = Map.of("a", 3_500L, "c", 5_000L);

        Map<String, Object> out = AlertResults.summarize(spikes, raised::get);

        assertThat(out).containsEntry("spikes", 3).containsEntry("raised", 2L).containsEntry("missed", 1)
                .containsEntry("missedDevices", List.of("b"));
        @SuppressWarnings("unchecked")
        Map<String, Long> latency = (Map<String, Long>) out.get("alertLatencyMs");
        assertThat(latency.get("p50")).isBetween(1_999L, 2_001L);
        assertThat(latency.get("max")).isBetween(2_499L, 2_501L);
    }

    @Test
    void shouldReportNoAlertLatencyWhenNothingWasRaised() {
        Map<String, Object> out = AlertResults.summarize(List.of(new SpikeInjector.Spike("a", 1)), d -> null);
        assertThat(out).containsEntry("missed", 1).doesNotContainKey("alertLatencyMs");
    }

    @Test
    void shouldGiveEachScenarioItsShape() {
        assertThat(Scenario.named("steady").rate()).isEqualTo(5_000);
        assertThat(Scenario.named("max").metrics().get().size()).isEqualTo(1);
        assertThat(Scenario.named("max").closedLoop()).isTrue();
        assertThat(Scenario.named("max-packs").metrics().get().size()).isEqualTo(10);
        assertThat(Scenario.named("max-packs").format()).isEqualTo("senml-json");
        assertThat(Scenario.named("max-packs").topicPrefix()).isEqualTo("senml");
        assertThat(Scenario.named("max").topicPrefix()).isEqualTo("sensors");
        assertThat(Scenario.named("devices-100k").devices()).isEqualTo(100_000);
        assertThat(Scenario.named("outage").closedLoop()).isFalse();
        assertThatThrownBy(() -> Scenario.named("fast")).hasMessageContaining("--scenario").hasMessageContaining("max-packs");
    }

    @Test
    void shouldNameEveryMetricOfAPackOnce() {
        MetricSet pack = MetricSet.pack(10);
        assertThat(pack.names()).hasSize(10).doesNotHaveDuplicates()
                .startsWith("temperature", "humidity", "pressure", "temperature.2").contains("temperature.4");
    }

    @Test
    void shouldRefuseAnOutageWithoutCommands() {
        StringWriter err = new StringWriter();
        CommandLine cli = SimulatorMain.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--scenario", "outage")).isEqualTo(2);
        assertThat(err.toString()).contains("--outage-start-command");
        assertThat(cli.execute("bench", "--scenario", "outage", "--outage-start-command", "true",
                "--outage-end-command", "true", "--duration", "40s", "--outage-after", "20s")).isEqualTo(2);
        assertThat(err.toString()).contains("must end before --duration");
    }

    @Test
    void shouldFailARunThatLostReadingsOrMissedAlerts() {
        assertThat(BenchCommand.failed(result(0, Map.of()))).isFalse();
        assertThat(BenchCommand.failed(result(1, Map.of()))).isTrue();
        assertThat(BenchCommand.failed(result(0, Map.of("missed", 2)))).isTrue();
        assertThat(BenchCommand.failed(result(0, Map.of("missed", 0)))).isFalse();
    }

    @Test
    void shouldWriteJsonAndAReportWithTheOutageMarkedAndTheScenarioResults(@TempDir Path dir) throws Exception {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("outageStartSecond", 20.0);
        extra.put("outageEndSecond", 50.0);
        extra.put("gatewayRecoverySeconds", 7.5);
        extra.put("processorRecoverySeconds", null);

        BenchCommand.write(dir, result(0, extra));

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Scenario results", "gatewayRecoverySeconds", "7.5", "stroke-dasharray",
                "Latency over time").doesNotContain("<script");
        String json = Files.readString(dir.resolve("result.json"));
        // not measured (null): left out of the JSON, a dash in the report
        assertThat(json).contains("\"gatewayRecoverySeconds\" : 7.5", "\"scenarioResults\"")
                .doesNotContain("processorRecoverySeconds");
        assertThat(html).contains("processorRecoverySeconds</th><td>–");
    }

    private static BenchResult result(long lost, Map<String, Object> extra) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("published", 100L);
        counts.put("publishErrors", 0L);
        counts.put("lost", lost);
        counts.put("probeFailed", 0L);
        Map<String, Double> latency = BenchRun.percentiles(new org.HdrHistogram.Histogram(3));
        return new BenchResult(Map.of("scenario", "outage"), Map.of("published", 10.0), latency, latency, counts,
                extra, List.of(new double[] {1, 10, 10, 10, 10, -1, -1}, new double[] {2, 10, 10, 10, 10, 50, 80}),
                Map.of());
    }
}
