package dev.telemetry.processor.anomaly;

import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Rule;
import dev.telemetry.processor.anomaly.Series.Status;
import dev.telemetry.processor.anomaly.stat.StreamingDetector;

/**
 * Judges a rule's condition (see {@link Rule.Condition}): folds a reading into the series' held values and says
 * whether the condition is bad. Hysteresis: once an episode is open (FIRING or CLEARING) the clear side of the
 * threshold moves by {@code hysteresis}, so a value hovering at the threshold does not flap. Pure.
 */
final class Conditions {

    private Conditions() {
    }

    /** True when readings with this value feed the condition: any value proves data, the rest need numbers. */
    static boolean accepts(Rule.Condition c, ReadingValue value) {
        return c.type().equals(Rule.Condition.NO_DATA) || value instanceof ReadingValue.Num;
    }

    /**
     * Folds a reading at event time {@code time} into {@code s} and judges the condition there. Call after
     * {@link Series#advance} to {@code time} and before {@link Series#anchor}.
     */
    static Status onReading(Rule.Condition c, Series s, long time, ReadingValue value, double outlierThreshold,
            Scorer scorer) {
        if (c.type().equals(Rule.Condition.NO_DATA)) {
            return Status.CLEAR;
        }
        double v = ((ReadingValue.Num) value).value();
        Double previous = s.value;
        long previousTime = s.anchorTime;
        s.value = v;
        switch (c.type()) {
            case Rule.Condition.RATE -> {
                if (previous == null || time <= previousTime) {
                    return Status.UNKNOWN; // no rate from one reading, or from two at the same instant
                }
                s.measure = Math.abs(v - previous) * 1000.0 / (time - previousTime);
            }
            case Rule.Condition.FLATLINE -> {
                if (s.runValue == null || Math.abs(v - s.runValue) > c.tolerance()) {
                    s.runStart = time;
                    s.runValue = v;
                }
                return flat(c, s, time);
            }
            case Rule.Condition.OUTLIER -> {
                StreamingDetector.Scored<?> scored = scorer.score(time, v);
                s.measure = scored.score();
                s.expected = Double.isFinite(scored.expected()) ? scored.expected() : null;
            }
            default -> s.measure = v;
        }
        return judge(c, s.measure, open(s), outlierThreshold);
    }

    /** The condition on the held values, e.g. after the rule's threshold changed. */
    static Status held(Rule.Condition c, Series s, double outlierThreshold) {
        return switch (c.type()) {
            case Rule.Condition.NO_DATA -> Status.UNKNOWN; // decided by the clock: heldBadAt
            case Rule.Condition.FLATLINE -> s.runStart == null ? Status.UNKNOWN : flat(c, s, s.anchorTime);
            default -> s.measure == null ? Status.UNKNOWN : judge(c, s.measure, open(s), outlierThreshold);
        };
    }

    /** From when the condition turns bad by itself without new readings: a silence of {@code nodata}. */
    static long heldBadAt(Rule.Condition c, Series s) {
        return c.type().equals(Rule.Condition.NO_DATA) && s.observed()
                ? Series.plus(s.anchorTime, c.duration().toMillis()) : Long.MAX_VALUE;
    }

    /** The outlier threshold of {@code c}, or the default. */
    static double outlierThreshold(Rule.Condition c, double defaultThreshold) {
        return c.threshold() == null ? defaultThreshold : c.threshold();
    }

    private static Status flat(Rule.Condition c, Series s, long time) {
        return time - s.runStart >= c.duration().toMillis() ? Status.BAD : Status.CLEAR;
    }

    private static boolean open(Series s) {
        return s.phase == Series.Phase.FIRING || s.phase == Series.Phase.CLEARING;
    }

    static Status judge(Rule.Condition c, double x, boolean open, double outlierThreshold) {
        double h = open ? c.hysteresisOrZero() : 0;
        boolean bad = switch (c.type()) {
            case Rule.Condition.ABOVE, Rule.Condition.RATE -> x > c.threshold() - h;
            case Rule.Condition.BELOW -> x < c.threshold() + h;
            case Rule.Condition.OUTSIDE -> x < c.low() + h || x > c.high() - h;
            case Rule.Condition.OUTLIER -> x >= outlierThreshold(c, outlierThreshold) - h;
            default -> throw new IllegalArgumentException("not a value condition: " + c.type());
        };
        return bad ? Status.BAD : Status.CLEAR;
    }
}
