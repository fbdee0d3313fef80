package dev.telemetry.processor.anomaly.stat;

import org.apache.commons.math3.special.Erf;

/** The Gaussian tail score that NAB's windowed Gaussian detector uses, shared by the detectors here. */
final class GaussianTail {

    private static final double SQRT2 = Math.sqrt(2.0);

    private GaussianTail() {
    }

    /**
     * {@code 1 - Q(z)} of the value folded onto the upper side of the mean: 0.5 at the mean, towards 1 far from
     * it on either side. The fold is written as NAB writes it ({@code 2 * mean - x}) so that the last bits agree.
     *
     * @return a score in [0.5, 1], or 0 if the arguments give no number (a non-finite mean or deviation)
     */
    static double score(double x, double mean, double std) {
        return scoreOfZ(z(x, mean, std));
    }

    /** The folded z-score, {@code |x - mean| / std} up to rounding; NaN if the arguments give no number. */
    static double z(double x, double mean, double std) {
        double folded = x < mean ? 2 * mean - x : x;
        return (folded - mean) / std;
    }

    /** {@code 1 - Q(z)} for a z from {@link #z}; 0 for NaN. */
    static double scoreOfZ(double z) {
        if (Double.isNaN(z)) {
            return 0.0;
        }
        double tail = z == Double.POSITIVE_INFINITY ? 0.0 : 0.5 * Erf.erfc(z / SQRT2);
        return 1.0 - tail;
    }
}
