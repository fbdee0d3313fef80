package dev.telemetry.processor.anomaly.nab;

import dev.telemetry.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        NabFiles files = nabDir == null ? NabFiles.bundled() : NabFiles.directory(nabDir);
        List<String> names = dataSets.isEmpty() ? NabFiles.BUNDLED_DATA_SETS : dataSets;
        EvaluationReport report;
        try {
            report = EvaluationReport.run(files, names, profiles);
        } catch (IOException e) {
            System.err.println("cannot read NAB files from " + files.describe() + ": " + e.getMessage());
            return 1;
        }
        if (report.results().isEmpty()) {
            System.err.println("no such profile: " + profiles);
            return 2;
        }
        System.out.print(report.table());
        if (output != null) {
            try {
                Files.writeString(output, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            } catch (IOException e) {
                System.err.println("cannot write " + output + ": " + e.getMessage());
                return 1;
            }
            System.out.println();
            System.out.println("written to " + output);
        }
        return 0;
    }
}
