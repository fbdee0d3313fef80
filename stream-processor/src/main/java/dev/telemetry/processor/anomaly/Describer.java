package dev.telemetry.processor.anomaly;

import dev.telemetry.model.Rule;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/**
 * What an alert says about its series: kind, severity, the {@code value} and {@code threshold} fields and the
 * one-line message (docs/anomalies.md lists them per kind). Pure.
 */
interface Describer {

    String kind();

    String severity();

    /** The rule's id, or null for a built-in detector. */
    String ruleId();

    /** The alert's {@code value}: the triggering value when numeric; may be null. */
    Double value(Series s);

    /** The alert's {@code threshold}: the rule's threshold or the detector's expectation; may be null. */
    Double threshold(Series s);

    String raised(Series s);

    String resolved(Series s);

    /** The kind of an alert raised by a rule with this condition type. */
    static String kindOf(Rule.Condition c) {
        return switch (c.type()) {
            case Rule.Condition.ABOVE -> AlertKinds.THRESHOLD_ABOVE;
            case Rule.Condition.BELOW -> AlertKinds.THRESHOLD_BELOW;
            case Rule.Condition.OUTSIDE -> AlertKinds.OUT_OF_RANGE;
            case Rule.Condition.RATE -> AlertKinds.RATE_OF_CHANGE;
            case Rule.Condition.NO_DATA -> AlertKinds.NO_DATA;
            case Rule.Condition.FLATLINE -> AlertKinds.FLATLINE;
            default -> AlertKinds.OUTLIER;
        };
    }

    /** Describes the alerts of one rule. */
    record ForRule(Rule rule, double outlierDefault) implements Describer {

        @Override
        public String kind() {
            return kindOf(rule.condition());
        }

        @Override
        public String severity() {
            return rule.severity();
        }

        @Override
        public String ruleId() {
            return rule.id();
        }

        @Override
        public Double value(Series s) {
            return switch (rule.condition().type()) {
                case Rule.Condition.NO_DATA -> null;
                case Rule.Condition.RATE -> s.measure;
                default -> s.value;
            };
        }

        @Override
        public Double threshold(Series s) {
            Rule.Condition c = rule.condition();
            return switch (c.type()) {
                case Rule.Condition.ABOVE, Rule.Condition.BELOW, Rule.Condition.RATE -> c.threshold();
                case Rule.Condition.OUTSIDE -> s.value != null && s.value < c.low() ? c.low() : c.high();
                case Rule.Condition.OUTLIER -> s.expected;
                default -> null;
            };
        }

        @Override
        public String raised(Series s) {
            Rule.Condition c = rule.condition();
            String m = rule.metric();
            String text = switch (c.type()) {
                case Rule.Condition.ABOVE -> m + " is " + num(s.value) + ", above " + num(c.threshold());
                case Rule.Condition.BELOW -> m + " is " + num(s.value) + ", below " + num(c.threshold());
                case Rule.Condition.OUTSIDE -> m + " is " + num(s.value) + ", outside [" + num(c.low()) + ", "
                        + num(c.high()) + "]";
                case Rule.Condition.RATE -> m + " changes by " + num(s.measure) + " per second, faster than "
                        + num(c.threshold());
                case Rule.Condition.NO_DATA -> "no " + m + " reading for " + text(c.duration());
                case Rule.Condition.FLATLINE -> m + " stuck at " + num(s.runValue) + " (within " + num(c.tolerance())
                        + ") for " + text(c.duration());
                default -> m + " is " + num(s.value) + ", an outlier (score " + num(s.measure) + " >= "
                        + num(Conditions.outlierThreshold(c, outlierDefault))
                        + (s.expected == null ? "" : ", expected about " + num(s.expected)) + ")";
            };
            return text + held(rule.forDuration()) + " (rule " + rule.id() + ")";
        }

        @Override
        public String resolved(Series s) {
            Rule.Condition c = rule.condition();
            String m = rule.metric();
            double h = c.hysteresisOrZero();
            String text = switch (c.type()) {
                case Rule.Condition.ABOVE -> m + " is " + num(s.value) + ", at or below " + num(c.threshold() - h);
                case Rule.Condition.BELOW -> m + " is " + num(s.value) + ", at or above " + num(c.threshold() + h);
                case Rule.Condition.OUTSIDE -> m + " is " + num(s.value) + ", inside [" + num(c.low() + h) + ", "
                        + num(c.high() - h) + "]";
                case Rule.Condition.RATE -> m + " changes by " + num(s.measure) + " per second, at most "
                        + num(c.threshold() - h);
                case Rule.Condition.NO_DATA -> m + " readings arrive again";
                case Rule.Condition.FLATLINE -> m + " moves again (" + num(s.value) + ")";
                default -> m + " is " + num(s.value) + ", normal again (score " + num(s.measure) + ")";
            };
            return text + held(rule.clearFor()) + " (rule " + rule.id() + ")";
        }

        private static String held(Duration d) {
            return d.isZero() ? "" : ", for at least " + text(d);
        }
    }

    /** Describes the alerts of a built-in detector. */
    record ForBuiltIn(BuiltIn detector, Duration window) implements Describer {

        @Override
        public String kind() {
            return detector.kind();
        }

        @Override
        public String severity() {
            return detector.severity();
        }

        @Override
        public String ruleId() {
            return null;
        }

        @Override
        public Double value(Series s) {
            return detector == BuiltIn.OFFLINE ? null : (double) s.count;
        }

        @Override
        public Double threshold(Series s) {
            return null;
        }

        @Override
        public String raised(Series s) {
            return switch (detector) {
                case OFFLINE -> "no data received for " + text(window) + " (device.offline-after)";
                case SEQUENCE_GAP -> s.count + " sequence number" + (s.count == 1 ? "" : "s") + " missing";
                case LATE_DATA -> "a reading arrived later than the window grace: it is in no window aggregate";
            };
        }

        @Override
        public String resolved(Series s) {
            return switch (detector) {
                case OFFLINE -> "data received again";
                case SEQUENCE_GAP -> "no new sequence gap for " + text(window) + "; " + s.count + " missing in all";
                case LATE_DATA -> "no reading later than the window grace for " + text(window) + "; " + s.count
                        + " in all";
            };
        }
    }

    /** A number as people write it: at most 6 significant digits, no trailing zeros. */
    static String num(Double x) {
        if (x == null) {
            return "?";
        }
        if (!Double.isFinite(x)) {
            return x.toString();
        }
        return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
