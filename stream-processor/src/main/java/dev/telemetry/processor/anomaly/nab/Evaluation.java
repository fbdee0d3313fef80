package dev.telemetry.processor.anomaly.nab;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Scores one detector's anomaly scores on a set of NAB files with one profile, as NAB's runner does: one
 * threshold for all files (given, or swept over these files by NAB's optimizer), per-file scores at that
 * threshold, and the total normalised between the null detector (0) and the perfect detector (100).
 */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * @param file            the data set's name
     * @param score           NAB's raw score of the file at the threshold
     * @param tp              NAB's counts of non-probationary rows: detections inside windows
     * @param fp              detections outside windows
     * @param fn              undetected rows inside windows
     * @param tn              undetected rows outside windows
     * @param windowsDetected windows with at least one scored detection
     * @param windows         windows in the file
     */
    public record FileResult(String file, double score, int tp, int fp, int fn, int tn, int windowsDetected,
                             int windows) {
    }

    /**
     * @param detector        the detector's name
     * @param profile         the profile's name
     * @param threshold       the one threshold used for every file
     * @param thresholdSource where the threshold came from
     * @param files           per file
     * @param rawScore        sum of the file scores
     * @param nullScore       the null detector's score on the same files (nothing detected)
     * @param perfectScore    the perfect detector's score (tpWeight per window)
     * @param normalizedScore {@code 100 * (raw - null) / (perfect - null)}
     */
    public record Result(String detector, String profile, double threshold, String thresholdSource,
                         List<FileResult> files, double rawScore, double nullScore, double perfectScore,
                         double normalizedScore) {
    }

    /**
     * @param scores    per data set, the anomaly scores of every row (already as NAB would read them back)
     * @param threshold a fixed threshold, or empty to sweep for the best one over these files
     */
    public static Result evaluate(String detector, List<NabDataSet> sets, List<double[]> scores, NabProfile profile,
                                  OptionalDouble threshold) {
        List<List<Sweeper.Point>> points = new ArrayList<>();
        List<Sweeper.Point> all = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            List<Sweeper.Point> p = Sweeper.points(sets.get(i), scores.get(i), profile);
            points.add(p);
            all.addAll(p);
        }
        double chosen = threshold.isPresent() ? threshold.getAsDouble()
                : Sweeper.best(Sweeper.scoresByThreshold(all, profile)).threshold();
        String source = threshold.isPresent() ? "fixed" : "swept over these " + sets.size() + " files";

        List<FileResult> files = new ArrayList<>();
        double raw = 0.0;
        double none = 0.0;
        int windows = 0;
        for (int i = 0; i < sets.size(); i++) {
            List<Sweeper.ThresholdScore> byThreshold = Sweeper.scoresByThreshold(points.get(i), profile);
            Sweeper.ThresholdScore at = Sweeper.at(byThreshold, chosen);
            List<Sweeper.Point> filePoints = points.get(i);
            int fileWindows = sets.get(i).windows().size();
            int detected = (int) Sweeper.parts(filePoints, chosen, profile).keySet().stream()
                    .filter(window -> !window.equals("fp") && detectedIn(filePoints, window, chosen))
                    .count();
            files.add(new FileResult(sets.get(i).name(), at.score(), at.tp(), at.fp(), at.fn(), at.tn(), detected,
                    fileWindows));
            raw += at.score();
            none += byThreshold.get(0).score();
            windows += fileWindows;
        }
        double perfect = windows * profile.tpWeight();
        return new Result(detector, profile.name(), chosen, source, files, raw, none, perfect,
                normalized(raw, none, perfect));
    }

    /** NAB's normalisation: 0 for the null detector, 100 for the perfect one. */
    public static double normalized(double raw, double nullScore, double perfectScore) {
        return 100.0 * (raw - nullScore) / (perfectScore - nullScore);
    }

    private static boolean detectedIn(List<Sweeper.Point> points, String window, double threshold) {
        return points.stream().anyMatch(p -> !p.probationary() && window.equals(p.window())
                && p.anomalyScore() >= threshold);
    }
}
