package dev.telemetry.processor.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The figures documented in docs/anomalies.md, "Statistical detection". */
class NabEvaluationTest {

    @Test
    void shouldProduceTheDocumentedStandardProfileFigures() throws IOException {
        EvaluationReport report = EvaluationReport.run(NabFiles.bundled(), NabFiles.BUNDLED_DATA_SETS,
                List.of("standard"));

        assertThat(report.results()).hasSize(3);
        Evaluation.Result gaussianAtNabThreshold = report.results().get(0);
        Evaluation.Result gaussianSwept = report.results().get(1);
        Evaluation.Result blockZ = report.results().get(2);

        // null -11, perfect +11: the four files hold 11 windows
        assertThat(blockZ.nullScore()).isEqualTo(-11.0);
        assertThat(blockZ.perfectScore()).isEqualTo(11.0);
        assertThat(gaussianAtNabThreshold.threshold()).isEqualTo(1.0);
        // per file, NAB's own published S(t)_standard sums: -2, 2.021506856775, -4, -2.44
        assertThat(gaussianAtNabThreshold.files()).extracting(Evaluation.FileResult::score)
                .containsExactly(-2.0, 2.0215068567753214, -4.0, -2.44);
        assertThat(gaussianAtNabThreshold.normalizedScore()).isCloseTo(20.83, within(0.005));
        assertThat(gaussianSwept.threshold()).isEqualTo(0.999950980257);
        assertThat(gaussianSwept.normalizedScore()).isCloseTo(54.79, within(0.005));
        assertThat(blockZ.threshold()).isEqualTo(0.999903592658);
        assertThat(blockZ.rawScore()).isCloseTo(3.4150, within(0.00005));
        assertThat(blockZ.normalizedScore()).isCloseTo(65.52, within(0.005));
        assertThat(blockZ.files()).extracting(Evaluation.FileResult::windowsDetected).containsExactly(2, 3, 3, 1);
        assertThat(blockZ.files()).extracting(Evaluation.FileResult::fp).containsExactly(0, 1, 12, 3);
    }

    @Test
    void shouldPrintTheTableAndWriteJsonWhenRunAsACommand(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("nab.json");
        CommandLine cmd = new CommandLine(new NabEvaluation());
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));

        int code = cmd.execute("--profile", "reward_low_FP_rate", "--output", json.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("profile reward_low_FP_rate", "blockZScore", "TOTAL",
                "rogue_agent_key_hold.csv", "written to " + json);
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertThat(root.get("dataSets")).hasSize(4);
        assertThat(root.get("results")).hasSize(3);
        JsonNode blockZ = root.get("results").get(2);
        assertThat(blockZ.get("detector").asText()).isEqualTo("blockZScore");
        assertThat(blockZ.get("profile").asText()).isEqualTo("reward_low_FP_rate");
        assertThat(blockZ.get("files")).hasSize(4);
        assertThat(blockZ.get("normalizedScore").asDouble())
                .isGreaterThan(root.get("results").get(1).get("normalizedScore").asDouble());
    }

    @Test
    void shouldFailWithExitCodeOneAndSayWhereWhenTheNabDirectoryIsMissing(@TempDir Path dir) {
        CommandLine cmd = new CommandLine(new NabEvaluation());
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));

        int code = cmd.execute("--nab-dir", dir.resolve("absent").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read NAB files from " + dir.resolve("absent"));
    }
}
