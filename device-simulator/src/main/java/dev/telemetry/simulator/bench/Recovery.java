package dev.telemetry.simulator.bench;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * When a stage has caught up after an outage: the first time after the restore from which the p99
 * latency of the readings it delivered stayed under a threshold for {@code stableIntervals} sampled
 * intervals in a row. Readings queued during the outage arrive with a latency of up to the outage
 * and more, and a partition is read in order, so fresh readings under the threshold mean the backlog
 * in front of them is gone. An interval in which nothing arrived is no evidence either way and ends
 * a streak.
 */
final class Recovery {

    private Recovery() {
    }

    /**
     * Seconds from {@code restoreSecond} to the end of the first interval of such a streak, or empty
     * when the stage never recovered within the samples.
     *
     * @param latency the per-interval p99 (ms) of the stage, NaN when nothing arrived
     */
    static OptionalDouble seconds(List<Timeline.Sample> samples, double restoreSecond, double thresholdMillis,
            int stableIntervals, ToDoubleFunction<Timeline.Sample> latency) {
        int streak = 0;
        double streakStart = Double.NaN;
        for (Timeline.Sample s : samples) {
            if (s.second() <= restoreSecond) {
                continue;
            }
            double p99 = latency.applyAsDouble(s);
            if (!Double.isNaN(p99) && p99 < thresholdMillis) {
                if (streak == 0) {
                    streakStart = s.second();
                }
                if (++streak >= stableIntervals) {
                    return OptionalDouble.of(streakStart - restoreSecond);
                }
            } else {
                streak = 0;
            }
        }
        return OptionalDouble.empty();
    }
}
