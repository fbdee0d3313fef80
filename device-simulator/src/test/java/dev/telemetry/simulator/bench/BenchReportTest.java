package dev.telemetry.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.telemetry.simulator.SimulatorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchReportTest {

    @Test
    void shouldComputeRatesBetweenSamplesAndMeanRatesOverAWindow() {
        Timeline t = new Timeline();
        t.add(new Timeline.Sample(0, 0, 0, 0, 0));
        t.add(new Timeline.Sample(1, 1000, 900, 800, 700));
        t.add(new Timeline.Sample(2, 3000, 2900, 2600, 2000));
        t.add(new Timeline.Sample(4, 7000, 6900, 6600, 6000));

        List<double[]> rates = t.rates();
        assertThat(rates).hasSize(3);
        assertThat(rates.get(1)).containsExactly(2, 2000, 2000, 1800, 1300, -1, -1);
        assertThat(rates.get(2)).containsExactly(4, 2000, 2000, 2000, 2000, -1, -1);
        // from the sample at 1 s to the one at 4 s: (7000 - 1000) / 3
        assertThat(t.meanRate(1, 1, 4)).isCloseTo(2000, within(1e-9));
        assertThat(t.meanRate(4, 1, 4)).isCloseTo((6000 - 700) / 3.0, within(1e-9));
        assertThat(t.meanRate(3, 5, 9)).isZero();
    }

    @Test
    void shouldRenderASelfContainedReportWithEverySectionAndEscapedText() {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("devices", 500);
        scenario.put("mqttUrl", "tcp://<host>:1883");
        Map<String, Double> rates = Map.of("published", 5000.0, "gateway", 4990.5);
        Map<String, Double> latency = new LinkedHashMap<>();
        latency.put("p50", 12.0);
        latency.put("p99", 85.0);
        latency.put("count", 1000.0);
        BenchResult r = new BenchResult(scenario, rates, latency, latency, Map.of("lost", 0L), Map.of(),
                List.of(new double[] {1, 5000, 5000, 4990, 4900, 40, 85}, new double[] {2, 5000, 5000, 5000, 5000, 30, 80}),
                Map.of("cpus", "2"));

        String html = HtmlReport.render(r);

        assertThat(html).startsWith("<!doctype html>").contains("<svg", "<polyline", "4990.5", "p99", "85 ms")
                .contains("tcp://&lt;host&gt;:1883").doesNotContain("tcp://<host>")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void shouldRejectAWarmupNotShorterThanTheDuration() {
        StringWriter err = new StringWriter();
        CommandLine cli = SimulatorMain.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("bench", "--duration", "10s", "--warmup", "10s");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--warmup");
    }
}
