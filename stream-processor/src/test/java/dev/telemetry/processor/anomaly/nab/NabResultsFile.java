package dev.telemetry.processor.anomaly.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One of NAB's per-record results files, the test oracle (vendored under src/test/resources/nab/results). */
record NabResultsFile(List<LocalDateTime> timestamps, double[] anomalyScores, int[] labels,
                      double[] lowFpScores, double[] lowFnScores, double[] standardScores) {

    private static final List<String> HEADER = List.of("timestamp", "value", "anomaly_score", "label",
            "S(t)_reward_low_FP_rate", "S(t)_reward_low_FN_rate", "S(t)_standard");

    /** @param detector {@code windowedGaussian} or {@code null}; @param dataSet e.g. realKnownCause/x.csv */
    static NabResultsFile read(String detector, String dataSet) {
        String category = dataSet.substring(0, dataSet.indexOf('/'));
        String file = dataSet.substring(dataSet.indexOf('/') + 1);
        String path = "results/" + detector + "/" + category + "/" + detector + "_" + file;
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = NabCorpus.reader(NabFiles.bundled().open(path))) {
            List<String> header = Arrays.asList(in.readLine().split(","));
            if (!header.equals(HEADER)) {
                throw new IllegalStateException(path + ": unexpected header " + header);
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(line.split(",", -1));
                }
            }
            List<LocalDateTime> timestamps = new ArrayList<>();
            for (String[] r : rows) {
                timestamps.add(NabCorpus.parse(r[0], path));
            }
            return new NabResultsFile(timestamps, column(rows, 2),
                    rows.stream().mapToInt(r -> Integer.parseInt(r[3])).toArray(),
                    column(rows, 4), column(rows, 5), column(rows, 6));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the NAB oracle " + path, e);
        }
    }

    double[] sweepScores(String profile) {
        return switch (profile) {
            case "standard" -> standardScores;
            case "reward_low_FP_rate" -> lowFpScores;
            case "reward_low_FN_rate" -> lowFnScores;
            default -> throw new IllegalArgumentException(profile);
        };
    }

    private static double[] column(List<String[]> rows, int index) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r[index])).toArray();
    }
}
