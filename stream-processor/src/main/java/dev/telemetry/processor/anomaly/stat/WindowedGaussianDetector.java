package dev.telemetry.processor.anomaly.stat;

import java.util.Arrays;

/**
 * NAB's "windowed Gaussian" detector, reproduced to the bit: the reference that {@link BlockZScoreDetector}
 * is measured against, and the oracle that validates the NAB scorer (its per-record scores match NAB's
 * published results files within 1e-9).
 *
 * <p>Each value is scored against the mean and population standard deviation of a window of earlier values:
 * {@code 1 - Q(|x - mean| / std)}, 0 for the very first value. The window grows to {@value #WINDOW_SIZE}
 * values, recomputing after every value; once full, values are buffered and every {@value #STEP_SIZE} of them
 * replace the oldest {@value #STEP_SIZE} in the window. A deviation of exactly 0 is replaced by 1e-6.
 *
 * <p><b>State size:</b> up to 6,400 + 99 doubles (about 120 KB of JSON) per series. That is the reference
 * algorithm, not a design to run per (device, metric) in the topology; {@link BlockZScoreDetector} keeps a
 * few hundred bytes instead.
 */
public final class WindowedGaussianDetector implements StreamingDetector<WindowedGaussianDetector.State> {

    /** NAB's window size. */
    public static final int WINDOW_SIZE = 6400;
    /** NAB's step size. */
    public static final int STEP_SIZE = 100;

    private static final double ZERO_STD_REPLACEMENT = 0.000001;

    private final int windowSize;
    private final int stepSize;

    /** NAB's parameters. */
    public WindowedGaussianDetector() {
        this(WINDOW_SIZE, STEP_SIZE);
    }

    WindowedGaussianDetector(int windowSize, int stepSize) {
        if (windowSize < 1 || stepSize < 1 || stepSize > windowSize) {
            throw new IllegalArgumentException("need 1 <= stepSize <= windowSize, got windowSize=" + windowSize
                    + " stepSize=" + stepSize);
        }
        this.windowSize = windowSize;
        this.stepSize = stepSize;
    }

    /**
     * @param window  the values the mean and deviation come from, oldest first
     * @param pending values seen since the window last moved (only once the window is full)
     * @param mean    mean of {@code window}; 0 before the first value, as in NAB
     * @param std     population standard deviation of {@code window}; 1 before the first value
     */
    public record State(double[] window, double[] pending, double mean, double std) {
    }

    @Override
    public State initial() {
        return new State(new double[0], new double[0], 0.0, 1.0);
    }

    @Override
    public Class<State> stateClass() {
        return State.class;
    }

    @Override
    public Scored<State> update(State state, long timestampMs, double value) {
        if (!Double.isFinite(value)) {
            return new Scored<>(state, 0.0, Double.NaN);
        }
        double[] window = state.window();
        double score = window.length == 0 ? 0.0 : GaussianTail.score(value, state.mean(), state.std());
        double expected = window.length == 0 ? Double.NaN : state.mean();

        State next;
        if (window.length < windowSize) {
            double[] grown = Arrays.copyOf(window, window.length + 1);
            grown[window.length] = value;
            next = withMoments(grown, new double[0]);
        } else {
            double[] pending = Arrays.copyOf(state.pending(), state.pending().length + 1);
            pending[pending.length - 1] = value;
            if (pending.length == stepSize) {
                double[] slid = new double[windowSize];
                System.arraycopy(window, stepSize, slid, 0, windowSize - stepSize);
                System.arraycopy(pending, 0, slid, windowSize - stepSize, stepSize);
                next = withMoments(slid, new double[0]);
            } else {
                next = new State(window, pending, state.mean(), state.std());
            }
        }
        return new Scored<>(next, score, expected);
    }

    private static State withMoments(double[] window, double[] pending) {
        double mean = NumpyMoments.mean(window);
        double std = NumpyMoments.std(window, mean);
        return new State(window, pending, mean, std == 0.0 ? ZERO_STD_REPLACEMENT : std);
    }
}
