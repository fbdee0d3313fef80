package dev.telemetry.processor.anomaly.nab;

import dev.telemetry.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -cp stream-processor.jar dev.telemetry.processor.anomaly.nab.NabEvaluation}: replays NAB files
 * through the statistical detectors and scores them with NAB's rules. See docs/anomalies.md.
 */
@Command(name = "nab-evaluation", mixinStandardHelpOptions = true,
        description = {"Scores windowed Gaussian and the block z-score detector on NAB files with NAB's scoring"
                + " rules and prints the comparison.",
                "By default: the four realKnownCause files bundled in the jar, all three profiles."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a file could not be read or written", "2:bad arguments"})
public final class NabEvaluation implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--nab-dir", paramLabel = "DIR",
            description = "a NAB checkout (data/, labels/combined_windows.json, config/profiles.json);"
                    + " default: the files bundled in the jar")
    Path nabDir;

    @Option(names = "--file", paramLabel = "NAME", description = "a data set below data/, e.g."
            + " realKnownCause/nyc_taxi.csv (repeatable; default: the four bundled realKnownCause files)")
    List<String> dataSets = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "NAME",
            description = "standard, reward_low_FP_rate or reward_low_FN_rate (repeatable; default: all)")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--output", paramLabel = "FILE", description = "also write the results as JSON")
    Path output;

    public static void main(String[] args) {
        int code = new CommandLine(new NabEvaluation()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NabFiles files = nabDir == null ? NabFiles.bundled() : NabFiles.directory(nabDir);
        List<String> names = dataSets.isEmpty() ? NabFiles.BUNDLED_DATA_SETS : dataSets;
        EvaluationReport report;
        try {
            report = EvaluationReport.run(files, names, profiles);
        } catch (IOException e) {
            err.println("cannot read NAB files from " + files.describe() + ": " + e.getMessage());
            return 1;
        }
        if (report.results().isEmpty()) {
            err.println("no such profile: " + profiles);
            return 2;
        }
        out.print(report.table());
        out.flush();
        if (output != null) {
            try {
                Files.writeString(output, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            } catch (IOException e) {
                err.println("cannot write " + output + ": " + e.getMessage());
                return 1;
            }
            out.println();
            out.println("written to " + output);
            out.flush();
        }
        return 0;
    }
}
