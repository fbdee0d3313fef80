package dev.telemetry.processor.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Oracles 2 and 3: window labels and NAB's per-file sweep scores, from NAB's own results files for the
 * windowed Gaussian (threshold 1.0) and the null detector (every score 0.5, threshold 0.625).
 */
class NabScorerOracleTest {

    private static final double NAB_DIGITS = 1e-9; // the files hold 12 significant digits

    static Stream<Arguments> resultsFiles() {
        List<Arguments> args = new ArrayList<>();
        for (String name : NabFiles.BUNDLED_DATA_SETS) {
            args.add(Arguments.of("windowedGaussian", 1.0, name));
            args.add(Arguments.of("null", 0.6250000000000001, name));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("resultsFiles")
    void shouldLabelEveryRowAsNabDoes(String detector, double threshold, String name) throws IOException {
        NabDataSet data = load(name);
        NabResultsFile nab = NabResultsFile.read(detector, name);

        assertThat(data.labels()).isEqualTo(nab.labels());
    }

    /**
     * NAB's 2015-16 results files put each window's score on the window's first row and each false positive on
     * its own row; every other row is 0. Rebuild that column from our scorer, for all three profiles.
     */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("resultsFiles")
    void shouldReproduceNabsSweepScoreColumnsRowByRow(String detector, double threshold, String name)
            throws IOException {
        NabDataSet data = load(name);
        NabResultsFile nab = NabResultsFile.read(detector, name);

        for (NabProfile profile : NabCorpus.profiles(NabFiles.bundled())) {
            List<Sweeper.Point> points = Sweeper.points(data, nab.anomalyScores(), profile);
            Map<String, Double> parts = Sweeper.parts(points, threshold, profile);
            double[] column = new double[data.size()];
            for (int i = 0; i < column.length; i++) {
                Sweeper.Point p = points.get(i);
                if (p.probationary() || p.anomalyScore() < threshold) {
                    continue;
                }
                if (p.window() == null) {
                    column[i] = p.sweepScore();
                }
            }
            for (NabWindow w : data.windows()) {
                column[data.timestamps().indexOf(w.start())] = parts.get(name + "|" + w.start());
            }

            double[] expected = nab.sweepScores(profile.name());
            for (int i = 0; i < column.length; i++) {
                assertThat(column[i]).as("%s S(t)_%s row %d", name, profile.name(), i)
                        .isCloseTo(expected[i], within(NAB_DIGITS));
            }
            double fileScore = Sweeper.at(Sweeper.scoresByThreshold(points, profile), threshold).score();
            assertThat(fileScore).as("%s %s file score", name, profile.name())
                    .isCloseTo(sum(expected), within(NAB_DIGITS))
                    .isCloseTo(parts.values().stream().mapToDouble(Double::doubleValue).sum(), within(1e-12));
        }
    }

    @Test
    void shouldReproduceNabsScoreFileRowsForTheStandardProfile() throws IOException {
        for (String[] row : scoreFileRows()) {
            String name = row[2];
            if (!NabFiles.BUNDLED_DATA_SETS.contains(name)) {
                continue;
            }
            NabResultsFile nab = NabResultsFile.read("windowedGaussian", name);
            List<Sweeper.Point> points = Sweeper.points(load(name), nab.anomalyScores(), NabProfile.STANDARD);

            Sweeper.ThresholdScore s = Sweeper.at(Sweeper.scoresByThreshold(points, NabProfile.STANDARD),
                    Double.parseDouble(row[3]));

            assertThat(s.score()).as(name).isCloseTo(Double.parseDouble(row[4]), within(NAB_DIGITS));
            assertThat(new int[] {s.tp(), s.tn(), s.fp(), s.fn()}).as(name).containsExactly(
                    Integer.parseInt(row[5]), Integer.parseInt(row[6]), Integer.parseInt(row[7]),
                    Integer.parseInt(row[8]));
        }
    }

    @Test
    void shouldNormalizeNabsPublishedCorpusTotalToItsPublishedFinalScore() {
        // windowedGaussian_standard_scores.csv Totals and final_results.json, 116 windows in NAB's corpus
        assertThat(Evaluation.normalized(-24.0131054891, -116.0, 116.0))
                .isCloseTo(39.649523496077585, within(1e-8));
    }

    @Test
    void shouldPickTheHighestThresholdAmongEqualBestScoresAsNabsOptimizerDoes() {
        List<Sweeper.ThresholdScore> scores = List.of(
                new Sweeper.ThresholdScore(1.1, -2.0, 0, 10, 0, 2),
                new Sweeper.ThresholdScore(0.9, 0.5, 1, 10, 0, 1),
                new Sweeper.ThresholdScore(0.8, 0.5, 2, 10, 0, 0),
                new Sweeper.ThresholdScore(0.7, 0.4, 2, 9, 1, 0));

        assertThat(Sweeper.best(scores).threshold()).isEqualTo(0.9);
        assertThat(Sweeper.at(scores, 0.85).threshold()).isEqualTo(0.9);
        assertThat(Sweeper.at(scores, 0.8).threshold()).isEqualTo(0.8);
        assertThat(Sweeper.at(scores, 0.1).threshold()).isEqualTo(0.7);
    }

    private static NabDataSet load(String name) throws IOException {
        return NabCorpus.load(NabFiles.bundled(), List.of(name)).get(0);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static List<String[]> scoreFileRows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = NabCorpus.reader(NabFiles.bundled()
                .open("results/windowedGaussian/windowedGaussian_standard_scores.csv"))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                rows.add(line.split(",", -1));
            }
        }
        assertThat(rows).hasSizeGreaterThan(4);
        return rows;
    }
}
