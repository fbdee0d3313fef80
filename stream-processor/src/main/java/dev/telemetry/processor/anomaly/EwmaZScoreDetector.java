package dev.telemetry.processor.anomaly;

import dev.telemetry.processor.anomaly.stat.StreamingDetector;

/**
 * The <b>interim</b> outlier detector behind {@code outlier} rules until the evaluated statistical detector
 * (package {@code anomaly.stat}, scored on NAB) is merged and {@link Detectors#outlier()} returns it instead.
 * Deliberately simple and honest about it: an exponentially weighted moving mean and variance (West / Finch's
 * incremental EWMV) and the z-score of each new value against them, turned into a score in [0, 1) by the
 * normal distribution, {@code score = P(|Z| < |z|) = erf(|z| / sqrt 2)}. So a score of 0.9999 is |z| of about 3.9.
 *
 * <ul>
 *   <li>While it has seen fewer than {@code warmUp} values it scores 0 (learning).</li>
 *   <li>Every value, outliers included, updates the mean and variance: a lasting level shift stops being an
 *       outlier after a while, which is what an alert on "unusual" values wants.</li>
 *   <li>A series that was exactly constant has no variance: any different value scores 1.</li>
 *   <li>It assumes roughly normal, roughly stationary noise; seasonality and trends fool it. That is what the
 *       evaluated detector is for.</li>
 * </ul>
 *
 * @param alpha  weight of the newest value in the moving averages, in (0, 1)
 * @param warmUp values seen before the first non-zero score
 */
public record EwmaZScoreDetector(double alpha, int warmUp) implements StreamingDetector<EwmaZScoreDetector.State> {

    /**
     * The whole memory of one series.
     *
     * @param n        values seen (capped at warm-up; it only gates scoring)
     * @param mean     exponentially weighted mean
     * @param variance exponentially weighted variance
     */
    public record State(long n, double mean, double variance) {
    }

    public EwmaZScoreDetector {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (warmUp < 2) {
            throw new IllegalArgumentException("warmUp must be at least 2, got " + warmUp);
        }
    }

    @Override
    public State initial() {
        return new State(0, 0, 0);
    }

    @Override
    public Class<State> stateClass() {
        return State.class;
    }

    @Override
    public Scored<State> update(State s, long timestampMs, double value) {
        if (s.n() == 0) {
            return new Scored<>(new State(1, value, 0), 0, Double.NaN);
        }
        double score = 0;
        if (s.n() >= warmUp) {
            double deviation = Math.abs(value - s.mean());
            double sd = Math.sqrt(s.variance());
            if (sd > 0) {
                score = erf(deviation / sd / Math.sqrt(2));
            } else {
                score = deviation == 0 ? 0 : 1;
            }
        }
        double diff = value - s.mean();
        double increment = alpha * diff;
        State next = new State(Math.min(s.n() + 1, warmUp), s.mean() + increment,
                (1 - alpha) * (s.variance() + diff * increment));
        return new Scored<>(next, score, s.mean());
    }

    /** Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7; clamped to [0, 1]. */
    static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * x);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x);
        return Math.max(0, Math.min(1, y));
    }
}
