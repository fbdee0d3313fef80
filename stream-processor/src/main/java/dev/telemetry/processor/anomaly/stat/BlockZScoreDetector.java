package dev.telemetry.processor.anomaly.stat;

import java.util.ArrayList;
import java.util.List;

/**
 * A windowed z-score detector with bounded state and novelty suppression: the detector the topology runs per
 * (device, metric). See docs/anomalies.md, "Statistical detection", for its NAB figures.
 *
 * <p><b>Baseline.</b> The values are summarised in blocks of {@code blockSize} (count, mean, sum of squared
 * deviations, merged exactly with Chan's formula, which stays accurate far from zero). The baseline is the
 * merge of the last {@code blockCount - 1} full blocks and the block being filled: a window of
 * {@code (blockCount - 1) * blockSize} to {@code blockCount * blockSize} values, by default 6,300 to 6,400,
 * the horizon of NAB's windowed Gaussian, in {@code 4 * blockCount} doubles instead of 6,400.
 *
 * <p><b>Raw score.</b> {@code 1 - Q(|x - mean| / std)} with Q the Gaussian upper tail (std 0 counts as 1e-6):
 * 0.5 at the mean, towards 1 far from it.
 *
 * <p><b>Novelty.</b> Each block also keeps the highest z-score seen while it was filling. A value whose z-score
 * does not exceed every z-score of the current and the previous {@code noveltyBlocks} blocks (by default the
 * last 200 to 300 values) is not news: the excursion it belongs to was already reported, so its score is
 * halved into [0.25, 0.5]. A sustained excursion therefore raises one alert, not one per reading, and a
 * higher peak in the same excursion raises another (z, unlike the score, does not saturate at 1).
 *
 * <p><b>Warm-up.</b> The score is 0 until one block of values has been seen, and warm-up values do not count
 * as peaks for novelty.
 *
 * <p><b>Time.</b> The detector counts values and ignores timestamps: at irregular intervals its horizon is
 * the last 6,400 readings whatever their spacing; gaps neither throw nor need special handling.
 *
 * <p><b>Robustness.</b> It never throws: a non-finite input is scored 0 and not learnt, and should the
 * statistics ever stop being finite (values beyond about 1e154, whose squares overflow), the detector restarts
 * from the current value, so its state always serialises as plain JSON numbers.
 */
public final class BlockZScoreDetector implements StreamingDetector<BlockZScoreDetector.State> {

    public static final int DEFAULT_BLOCK_SIZE = 100;
    public static final int DEFAULT_BLOCK_COUNT = 64;
    public static final int DEFAULT_NOVELTY_BLOCKS = 2;

    private static final double ZERO_STD_REPLACEMENT = 0.000001;

    private final int blockSize;
    private final int blockCount;
    private final int noveltyBlocks;

    public BlockZScoreDetector() {
        this(DEFAULT_BLOCK_SIZE, DEFAULT_BLOCK_COUNT, DEFAULT_NOVELTY_BLOCKS);
    }

    /**
     * @param blockSize     values per block, at least 1
     * @param blockCount    blocks in the window, at least 2
     * @param noveltyBlocks full blocks before the current one whose peaks a value must exceed, 0..blockCount-1
     */
    public BlockZScoreDetector(int blockSize, int blockCount, int noveltyBlocks) {
        if (blockSize < 1 || blockCount < 2 || noveltyBlocks < 0 || noveltyBlocks > blockCount - 1) {
            throw new IllegalArgumentException("need blockSize >= 1, blockCount >= 2 and"
                    + " 0 <= noveltyBlocks < blockCount, got " + blockSize + ", " + blockCount + ", " + noveltyBlocks);
        }
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.noveltyBlocks = noveltyBlocks;
    }

    /**
     * The detector's whole memory: at most {@code blockCount - 1} full blocks plus the one being filled.
     *
     * @param blocks  full blocks, oldest first
     * @param current the block being filled
     */
    public record State(List<Block> blocks, Block current) {
        public State {
            blocks = List.copyOf(blocks);
        }
    }

    @Override
    public State initial() {
        return new State(List.of(), Block.EMPTY);
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
        Block baseline = baseline(state);
        if (!baseline.isFinite()) {
            return new Scored<>(restartedFrom(value), 0.0, Double.NaN);
        }
        double z = 0.0;
        if (baseline.count() > 0) {
            double std = Math.sqrt(baseline.m2() / baseline.count());
            z = GaussianTail.z(value, baseline.mean(), std == 0.0 ? ZERO_STD_REPLACEMENT : std);
            z = Double.isNaN(z) ? 0.0 : Math.min(z, Double.MAX_VALUE); // kept in the state: finite
        }
        double raw = baseline.count() == 0 ? 0.0 : GaussianTail.scoreOfZ(z);
        double score = baseline.count() < blockSize ? 0.0 : z > recentPeakZ(state) ? raw : 0.5 * raw;
        double expected = baseline.count() == 0 ? Double.NaN : baseline.mean();

        // a warm-up value's z (against a handful of values, or a deviation of 1e-6) says nothing about later
        // excursions: it must not count as a peak that a real outlier has to beat
        Block current = state.current().add(value, baseline.count() < blockSize ? 0.0 : z);
        if (!current.isFinite()) {
            return new Scored<>(restartedFrom(value), score, expected);
        }
        List<Block> blocks = state.blocks();
        if (current.count() == blockSize) {
            List<Block> moved = new ArrayList<>(blocks.size() + 1);
            moved.addAll(blocks.size() == blockCount - 1 ? blocks.subList(1, blocks.size()) : blocks);
            moved.add(current);
            return new Scored<>(new State(moved, Block.EMPTY), score, expected);
        }
        return new Scored<>(new State(blocks, current), score, expected);
    }

    private static Block baseline(State state) {
        Block merged = Block.EMPTY;
        for (Block b : state.blocks()) {
            merged = merged.merge(b);
        }
        return merged.merge(state.current());
    }

    private double recentPeakZ(State state) {
        double peak = state.current().peakZ();
        List<Block> blocks = state.blocks();
        for (int i = Math.max(0, blocks.size() - noveltyBlocks); i < blocks.size(); i++) {
            peak = Math.max(peak, blocks.get(i).peakZ());
        }
        return peak;
    }

    private static State restartedFrom(double value) {
        return new State(List.of(), Block.EMPTY.add(value, 0.0));
    }

    /**
     * Summary of consecutive values.
     *
     * @param count number of values
     * @param mean  their mean
     * @param m2    sum of squared deviations from the mean
     * @param peakZ highest z-score among them
     */
    public record Block(long count, double mean, double m2, double peakZ) {

        static final Block EMPTY = new Block(0, 0.0, 0.0, 0.0);

        /** Welford's update. */
        Block add(double x, double z) {
            long n = count + 1;
            double delta = x - mean;
            double newMean = mean + delta / n;
            return new Block(n, newMean, m2 + delta * (x - newMean), Math.max(peakZ, z));
        }

        /** Chan et al.'s pairwise merge; the peak is not merged (the baseline does not need it). */
        Block merge(Block other) {
            if (other.count == 0) {
                return this;
            }
            if (count == 0) {
                return new Block(other.count, other.mean, other.m2, 0.0);
            }
            long n = count + other.count;
            double delta = other.mean - mean;
            double newMean = mean + delta * other.count / n;
            double newM2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
            return new Block(n, newMean, newM2, 0.0);
        }

        boolean isFinite() {
            return Double.isFinite(mean) && Double.isFinite(m2);
        }
    }
}
