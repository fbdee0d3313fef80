package dev.telemetry.processor.anomaly.nab;

import dev.telemetry.processor.anomaly.stat.StreamingDetector;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Runs a {@link StreamingDetector} over a NAB file exactly as the topology runs it over one series. */
public final class DetectorReplay {

    private static final MathContext NAB_PRECISION = new MathContext(12, RoundingMode.HALF_EVEN);

    private DetectorReplay() {
    }

    /** The detector's score for every row, in file order, starting from its initial state. */
    public static <S> double[] scores(StreamingDetector<S> detector, NabDataSet data) {
        double[] scores = new double[data.size()];
        S state = detector.initial();
        for (int i = 0; i < scores.length; i++) {
            StreamingDetector.Scored<S> scored = detector.update(state, data.timestampMs(i), data.values()[i]);
            state = scored.state();
            scores[i] = scored.score();
        }
        return scores;
    }

    /**
     * A score as NAB scored it: NAB writes scores to its results files with 12 significant digits (Python 2's
     * {@code str(float)}) and scores what it reads back, so a score of 0.9999999999996 is a detection at
     * threshold 1.0.
     */
    public static double roundAsNab(double score) {
        if (!Double.isFinite(score) || score == 0.0) {
            return score;
        }
        return new BigDecimal(score).round(NAB_PRECISION).doubleValue();
    }

    /** {@link #scores} passed through {@link #roundAsNab}. */
    public static <S> double[] nabScores(StreamingDetector<S> detector, NabDataSet data) {
        double[] scores = scores(detector, data);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = roundAsNab(scores[i]);
        }
        return scores;
    }
}
