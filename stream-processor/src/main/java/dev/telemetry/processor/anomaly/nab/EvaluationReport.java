package dev.telemetry.processor.anomaly.nab;

import dev.telemetry.processor.anomaly.stat.BlockZScoreDetector;
import dev.telemetry.processor.anomaly.stat.WindowedGaussianDetector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The comparison the NAB evaluation command prints: windowed Gaussian at NAB's own corpus threshold, windowed
 * Gaussian and {@link BlockZScoreDetector} with the threshold NAB's optimizer picks on the same files.
 *
 * @param dataSets the files scored
 * @param results  per profile (in profiles.json order), the three rows above
 */
public record EvaluationReport(List<String> dataSets, List<Evaluation.Result> results) {

    /** NAB's thresholds.json: windowedGaussian's threshold, tuned on the 58-file corpus, for every profile. */
    public static final double WINDOWED_GAUSSIAN_NAB_THRESHOLD = 1.0;

    public static EvaluationReport run(NabFiles files, List<String> names, List<String> profileNames)
            throws IOException {
        List<NabDataSet> sets = NabCorpus.load(files, names);
        List<double[]> gaussian = new ArrayList<>();
        List<double[]> blockZ = new ArrayList<>();
        for (NabDataSet set : sets) {
            gaussian.add(DetectorReplay.nabScores(new WindowedGaussianDetector(), set));
            blockZ.add(DetectorReplay.nabScores(new BlockZScoreDetector(), set));
        }
        List<Evaluation.Result> results = new ArrayList<>();
        for (NabProfile profile : NabCorpus.profiles(files)) {
            if (!profileNames.isEmpty() && !profileNames.contains(profile.name())) {
                continue;
            }
            results.add(withSource(Evaluation.evaluate("windowedGaussian", sets, gaussian, profile,
                    OptionalDouble.of(WINDOWED_GAUSSIAN_NAB_THRESHOLD)), "NAB's corpus threshold"));
            results.add(Evaluation.evaluate("windowedGaussian", sets, gaussian, profile, OptionalDouble.empty()));
            results.add(Evaluation.evaluate("blockZScore", sets, blockZ, profile, OptionalDouble.empty()));
        }
        return new EvaluationReport(sets.stream().map(NabDataSet::name).toList(), results);
    }

    private static Evaluation.Result withSource(Evaluation.Result r, String source) {
        return new Evaluation.Result(r.detector(), r.profile(), r.threshold(), source, r.files(), r.rawScore(),
                r.nullScore(), r.perfectScore(), r.normalizedScore());
    }

    /** The table printed by the command. */
    public String table() {
        StringBuilder out = new StringBuilder();
        String profile = null;
        for (Evaluation.Result r : results) {
            if (!r.profile().equals(profile)) {
                profile = r.profile();
                out.append(String.format(Locale.ROOT, "%nprofile %s: null detector %.4f, perfect detector %.4f%n",
                        profile, r.nullScore(), r.perfectScore()));
                out.append(String.format(Locale.ROOT, "%-17s %-25s %-40s %5s %5s %6s %8s %9s %10s%n", "detector",
                        "threshold", "file", "TP", "FP", "FN", "windows", "raw", "normalized"));
            }
            String threshold = String.format(Locale.ROOT, "%.12g (%s)", r.threshold(),
                    r.thresholdSource().startsWith("swept") ? "swept" : "NAB");
            for (Evaluation.FileResult f : r.files()) {
                out.append(String.format(Locale.ROOT, "%-17s %-25s %-40s %5d %5d %6d %4d/%-3d %9.4f%n", r.detector(),
                        threshold, shortName(f.file()), f.tp(), f.fp(), f.fn(), f.windowsDetected(), f.windows(),
                        f.score()));
            }
            Totals t = Totals.of(r);
            out.append(String.format(Locale.ROOT, "%-17s %-25s %-40s %5d %5d %6d %4d/%-3d %9.4f %10.2f%n",
                    r.detector(), threshold, "TOTAL", t.tp, t.fp, t.fn, t.detected, t.windows, r.rawScore(),
                    r.normalizedScore()));
        }
        return out.toString();
    }

    private static String shortName(String file) {
        int slash = file.lastIndexOf('/');
        return file.substring(slash + 1);
    }

    private record Totals(int tp, int fp, int fn, int detected, int windows) {
        static Totals of(Evaluation.Result r) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            int detected = 0;
            int windows = 0;
            for (Evaluation.FileResult f : r.files()) {
                tp += f.tp();
                fp += f.fp();
                fn += f.fn();
                detected += f.windowsDetected();
                windows += f.windows();
            }
            return new Totals(tp, fp, fn, detected, windows);
        }
    }
}
