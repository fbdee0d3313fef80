package dev.telemetry.processor.anomaly.stat;

/**
 * Mean and population standard deviation summed in numpy's order (pairwise summation with 8-way unrolled
 * leaves of at most 128 values), so that {@link WindowedGaussianDetector} agrees with NAB's Python to the
 * last bits. That matters where the window is constant: numpy's sum decides whether the deviation is exactly
 * 0 (then replaced by 1e-6) or a tiny number, and the score differs completely between the two.
 */
final class NumpyMoments {

    private static final int BLOCK = 128;

    private NumpyMoments() {
    }

    static double mean(double[] a) {
        return pairwiseSum(a, 0, a.length) / a.length;
    }

    /** {@code numpy.std(a)}: ddof 0. */
    static double std(double[] a, double mean) {
        double[] squares = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - mean;
            squares[i] = d * d;
        }
        return Math.sqrt(pairwiseSum(squares, 0, squares.length) / a.length);
    }

    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0; // numpy starts from -0.0 here; the two differ only for an all -0.0 input
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
}
