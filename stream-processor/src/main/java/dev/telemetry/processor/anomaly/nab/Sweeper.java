package dev.telemetry.processor.anomaly.nab;

import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring rules (nab/sweeper.py at NAB ea702d75, re-implemented): every row gets the score it would earn
 * if it were a detection, then one pass over the rows in descending anomaly-score order gives the score at
 * every threshold. The same two steps score a single file at a fixed threshold, or a whole corpus to pick its
 * one threshold per profile.
 *
 * <ul>
 *   <li>The first {@code min(floor(0.15 * rows), 750)} rows of a file are probationary: never scored.</li>
 *   <li>Inside a window of {@code W} rows ending at row {@code r}, row {@code i} is worth
 *       {@code tpWeight * s(-(r - i + 1) / W) / s(-1)}, with {@code s(p) = 2 / (1 + e^(5p)) - 1}: 1 for the
 *       window's first row, falling towards 0 at its end. Only a window's best detection counts; a window with
 *       none costs {@code -fnWeight}.</li>
 *   <li>Outside windows, a detection costs {@code fpWeight * s(d)}, with {@code d} the distance past the end of
 *       the previous window in units of that window's width minus one ({@code -fpWeight} if no window precedes
 *       it or {@code d > 3}); one just after a window is almost free.</li>
 *   <li>A row is a detection when its anomaly score is {@code >=} the threshold.</li>
 * </ul>
 */
public final class Sweeper {

    private static final double PROBATION_FRACTION = 0.15;
    private static final double PROBATION_CAP = 0.15 * 5000;
    /** NAB's first threshold: above every score, so nothing is detected. */
    public static final double START_THRESHOLD = 1.1;

    private Sweeper() {
    }

    /**
     * A row ready for the sweep.
     *
     * @param anomalyScore the detector's score
     * @param sweepScore   what the row earns (or costs) as a detection
     * @param window       the window's unique name, or null outside windows
     * @param probationary true for the rows NAB does not score
     */
    public record Point(double anomalyScore, double sweepScore, String window, boolean probationary) {
    }

    /**
     * Score at one threshold; the counts are of non-probationary rows, as NAB's.
     */
    public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {
    }

    /** NAB's scaled sigmoid. */
    static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    public static double probationaryLength(int rows) {
        return Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_CAP);
    }

    /** NAB's {@code calcSweepScore}: one point per row of the data set. */
    public static List<Point> points(NabDataSet data, double[] anomalyScores, NabProfile profile) {
        if (anomalyScores.length != data.size()) {
            throw new IllegalArgumentException(data.name() + ": " + anomalyScores.length + " scores for "
                    + data.size() + " rows");
        }
        List<LocalDateTime> ts = data.timestamps();
        double maxTp = scaledSigmoid(-1.0);
        double probation = probationaryLength(data.size());
        Deque<NabWindow> ahead = new ArrayDeque<>(data.windows());
        List<Point> points = new ArrayList<>(data.size());

        NabWindow current = null;
        String currentName = null;
        int currentRight = -1;
        double currentWidth = 0;
        int previousRight = -1;
        double previousWidth = 0;
        for (int i = 0; i < ts.size(); i++) {
            LocalDateTime t = ts.get(i);
            if (!ahead.isEmpty() && t.equals(ahead.peekFirst().start())) {
                current = ahead.removeFirst();
                currentName = data.name() + "|" + current.start();
                currentRight = ts.indexOf(current.end());
                currentWidth = currentRight - ts.indexOf(current.start()) + 1;
            }
            double weighted;
            if (current != null) {
                weighted = scaledSigmoid(-(currentRight - i + 1) / currentWidth) * profile.tpWeight() / maxTp;
            } else {
                double unweighted = previousRight < 0 ? -1.0
                        : scaledSigmoid(Math.abs(previousRight - i) / (previousWidth - 1));
                weighted = unweighted * profile.fpWeight();
            }
            points.add(new Point(anomalyScores[i], weighted, currentName, i < probation));
            if (current != null && t.equals(current.end())) {
                previousRight = i;
                previousWidth = currentWidth;
                current = null;
                currentName = null;
            }
        }
        return points;
    }

    /** NAB's {@code calcScoreByThreshold}: scores at every distinct anomaly score, highest threshold first. */
    public static List<ThresholdScore> scoresByThreshold(List<Point> points, NabProfile profile) {
        List<Point> scorable = new ArrayList<>();
        for (Point p : points) {
            if (!p.probationary()) {
                scorable.add(p);
            }
        }
        scorable.sort(Comparator.comparingDouble(Point::anomalyScore).reversed()); // stable, like Python's sort
        Parts parts = new Parts(scorable, profile);
        int tn = 0;
        int fn = 0;
        for (Point p : scorable) {
            if (p.window() == null) {
                tn++;
            } else {
                fn++;
            }
        }
        int tp = 0;
        int fp = 0;
        List<ThresholdScore> scores = new ArrayList<>();
        double threshold = START_THRESHOLD;
        for (Point p : scorable) {
            if (p.anomalyScore() != threshold) {
                scores.add(new ThresholdScore(threshold, parts.sum(), tp, tn, fp, fn));
                threshold = p.anomalyScore();
            }
            if (p.window() == null) {
                fp++;
                tn--;
            } else {
                tp++;
                fn--;
            }
            parts.add(p);
        }
        scores.add(new ThresholdScore(threshold, parts.sum(), tp, tn, fp, fn));
        return scores;
    }

    /**
     * NAB's {@code scoreDataSet} lookup: the row for exactly this threshold, else the last row above it. Where
     * NAB finds nothing (a threshold below every score) this returns the last row, everything detected.
     */
    public static ThresholdScore at(List<ThresholdScore> scores, double threshold) {
        ThresholdScore previous = null;
        for (ThresholdScore s : scores) {
            if (s.threshold() == threshold) {
                return s;
            }
            if (s.threshold() < threshold) {
                return previous;
            }
            previous = s;
        }
        return previous;
    }

    /** NAB's optimizer: the best-scoring threshold, the highest one on ties. */
    public static ThresholdScore best(List<ThresholdScore> scores) {
        ThresholdScore best = scores.get(0);
        for (ThresholdScore s : scores) {
            if (s.score() > best.score()) {
                best = s;
            }
        }
        return best;
    }

    /**
     * Per-window scores and false positives at one threshold: NAB's score split the way its 2015-16 results
     * files show it (each window's score on its first row, each false positive on its own row).
     *
     * @return window name (or {@code "fp"} for the sum of false positives) to score, windows in time order
     */
    public static Map<String, Double> parts(List<Point> points, double threshold, NabProfile profile) {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("fp", 0.0);
        for (Point p : points) {
            if (p.window() != null && !p.probationary()) {
                parts.putIfAbsent(p.window(), -profile.fnWeight());
            }
        }
        for (Point p : points) {
            if (!p.probationary() && p.anomalyScore() >= threshold) {
                if (p.window() == null) {
                    parts.merge("fp", p.sweepScore(), Double::sum);
                } else {
                    parts.merge(p.window(), p.sweepScore(), Math::max);
                }
            }
        }
        return parts;
    }

    /** The running window and false-positive parts of the sweep, summed in NAB's (dict insertion) order. */
    private static final class Parts {
        private final Map<String, Double> parts = new LinkedHashMap<>();

        Parts(List<Point> sorted, NabProfile profile) {
            parts.put("fp", 0.0);
            for (Point p : sorted) {
                if (p.window() != null) {
                    parts.putIfAbsent(p.window(), -profile.fnWeight());
                }
            }
        }

        void add(Point p) {
            if (p.window() == null) {
                parts.merge("fp", p.sweepScore(), Double::sum);
            } else {
                parts.merge(p.window(), p.sweepScore(), Math::max);
            }
        }

        double sum() {
            double sum = 0.0;
            for (double v : parts.values()) {
                sum += v;
            }
            return sum;
        }
    }
}
