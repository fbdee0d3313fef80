package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An alert rule, stored on the compacted {@link Topics#RULES} topic keyed by {@link #id()} and managed through
 * {@code GET|PUT|DELETE /api/v1/rules/{id}}. The format, with an example for every condition, is documented in
 * {@code docs/anomalies.md}.
 *
 * <p>A rule watches one metric of every device it matches, each (device, metric) on its own, and raises an
 * alert episode when its condition has held for {@link #forDuration()}; the episode is resolved once the
 * condition has been clear for {@link #clearFor()}.
 *
 * <p>Every rule that exists is valid: the constructor checks everything and says precisely what is wrong
 * ({@link IllegalArgumentException}), naming the JSON field. Absent optional fields get their defaults here,
 * so the stored rule shows them.
 *
 * @param id          1..100 characters of {@code [A-Za-z0-9._-]}
 * @param description free text for people, at most 500 characters; may be null
 * @param devices     device id pattern, {@code *} matching any characters; default {@code *} (every device)
 * @param tags        labels the matched readings must carry, each value a pattern like {@code devices}; keys
 *                    {@value #TAG_TOPIC} (the MQTT topic), {@value #TAG_FORMAT} (payload format),
 *                    {@value #TAG_GATEWAY} (gateway id) and {@value #TAG_UNIT}; default none
 * @param metric      the metric the rule watches
 * @param condition   what counts as bad
 * @param severity    {@code info}, {@code warning} (default) or {@code critical}
 * @param forDuration JSON {@code for}: how long the condition must hold before the alert is RAISED; default 0
 * @param clearFor    how long the condition must be clear before the alert is RESOLVED; default 0
 * @param enabled     false keeps the rule but evaluates nothing (and resolves its open alerts); default true
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "description", "devices", "tags", "metric", "condition", "severity", "for", "clearFor",
        "enabled"})
public record Rule(
        String id,
        String description,
        String devices,
        Map<String, String> tags,
        String metric,
        Condition condition,
        String severity,
        @JsonProperty("for") @JsonSerialize(using = RuleDurations.Writer.class)
        @JsonDeserialize(using = RuleDurations.Reader.class) Duration forDuration,
        @JsonSerialize(using = RuleDurations.Writer.class)
        @JsonDeserialize(using = RuleDurations.Reader.class) Duration clearFor,
        Boolean enabled) {

    public static final String TAG_TOPIC = "topic";
    public static final String TAG_FORMAT = "format";
    public static final String TAG_GATEWAY = "gateway";
    public static final String TAG_UNIT = "unit";
    public static final Set<String> TAG_KEYS = Set.of(TAG_TOPIC, TAG_FORMAT, TAG_GATEWAY, TAG_UNIT);
    public static final List<String> SEVERITIES = List.of("info", "warning", "critical");
    /** The longest {@code for}, {@code clearFor} or condition duration: longer ones are surely typos. */
    public static final Duration MAX_DURATION = Duration.ofDays(30);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern DEVICE_PATTERN = Pattern.compile("[A-Za-z0-9._:/*-]{1,200}");
    private static final Pattern TAG_VALUE = Pattern.compile("[^\\p{Cntrl}]{1,200}");

    public Rule {
        check(id != null && ID.matcher(id).matches(), "id must be 1..100 characters of [A-Za-z0-9._-], got "
                + quote(id));
        check(description == null || description.length() <= 500, "description must be at most 500 characters");
        devices = devices == null ? "*" : devices;
        check(DEVICE_PATTERN.matcher(devices).matches(), "devices must be a device id pattern of 1..200 characters"
                + " of [A-Za-z0-9._:/-] and * (any characters), got " + quote(devices));
        Map<String, String> sortedTags = new TreeMap<>(tags == null ? Map.of() : tags);
        for (Map.Entry<String, String> tag : sortedTags.entrySet()) {
            check(TAG_KEYS.contains(tag.getKey()), "tags." + tag.getKey() + " is not a known tag; known: "
                    + new TreeSet<>(TAG_KEYS));
            check(tag.getValue() != null && TAG_VALUE.matcher(tag.getValue()).matches(), "tags." + tag.getKey()
                    + " must be a pattern of 1..200 printable characters, * matching any characters");
        }
        tags = Collections.unmodifiableMap(sortedTags);
        check(Reading.isValidName(metric), "metric must be 1..200 characters of [A-Za-z0-9._:/-], got "
                + quote(metric));
        check(condition != null, "condition is required, e.g. {\"type\": \"above\", \"threshold\": 80}");
        severity = severity == null ? "warning" : severity.toLowerCase(Locale.ROOT);
        check(SEVERITIES.contains(severity), "severity must be one of " + SEVERITIES + ", got " + quote(severity));
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        checkDuration("for", forDuration, true);
        clearFor = clearFor == null ? Duration.ZERO : clearFor;
        checkDuration("clearFor", clearFor, true);
        enabled = enabled == null ? Boolean.TRUE : enabled;
    }

    /** A rule on {@code metric} of the devices matching {@code devices}, with defaults for everything else. */
    public static Rule of(String id, String devices, String metric, Condition condition) {
        return new Rule(id, null, devices, null, metric, condition, null, null, null, null);
    }

    public Rule withSeverity(String newSeverity) {
        return new Rule(id, description, devices, tags, metric, condition, newSeverity, forDuration, clearFor, enabled);
    }

    /** This rule with other {@code for} and {@code clearFor} durations. */
    public Rule withTiming(Duration newFor, Duration newClearFor) {
        return new Rule(id, description, devices, tags, metric, condition, severity, newFor, newClearFor, enabled);
    }

    public Rule withCondition(Condition newCondition) {
        return new Rule(id, description, devices, tags, metric, newCondition, severity, forDuration, clearFor, enabled);
    }

    public Rule withTags(Map<String, String> newTags) {
        return new Rule(id, description, devices, newTags, metric, condition, severity, forDuration, clearFor, enabled);
    }

    public Rule withEnabled(boolean newEnabled) {
        return new Rule(id, description, devices, tags, metric, condition, severity, forDuration, clearFor, newEnabled);
    }

    /**
     * What counts as bad. Which fields a type takes, and their defaults, are checked here:
     *
     * <table>
     *   <caption>condition types</caption>
     *   <tr><th>type</th><th>bad when</th><th>fields</th></tr>
     *   <tr><td>{@code above}</td><td>value &gt; threshold; once raised, until value &lt;= threshold - hysteresis</td>
     *       <td>threshold, hysteresis (default 0)</td></tr>
     *   <tr><td>{@code below}</td><td>value &lt; threshold; once raised, until value &gt;= threshold + hysteresis</td>
     *       <td>threshold, hysteresis</td></tr>
     *   <tr><td>{@code outside}</td><td>value &lt; low or value &gt; high; once raised, until back inside
     *       [low + hysteresis, high - hysteresis]</td><td>low, high, hysteresis</td></tr>
     *   <tr><td>{@code rate}</td><td>|change per second| between consecutive readings &gt; threshold</td>
     *       <td>threshold (per second, &gt; 0), hysteresis</td></tr>
     *   <tr><td>{@code nodata}</td><td>no reading of the metric for duration</td><td>duration</td></tr>
     *   <tr><td>{@code flatline}</td><td>readings stayed within tolerance of one value for duration</td>
     *       <td>duration, tolerance (default 0)</td></tr>
     *   <tr><td>{@code outlier}</td><td>the statistical detector's score &gt;= threshold</td>
     *       <td>threshold in (0, 1] (default: the processor's {@code alerts.outlier.threshold}), hysteresis</td></tr>
     * </table>
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "threshold", "low", "high", "hysteresis", "duration", "tolerance"})
    public record Condition(
            String type,
            Double threshold,
            Double low,
            Double high,
            Double hysteresis,
            @JsonSerialize(using = RuleDurations.Writer.class)
            @JsonDeserialize(using = RuleDurations.Reader.class) Duration duration,
            Double tolerance) {

        public static final String ABOVE = "above";
        public static final String BELOW = "below";
        public static final String OUTSIDE = "outside";
        public static final String RATE = "rate";
        public static final String NO_DATA = "nodata";
        public static final String FLATLINE = "flatline";
        public static final String OUTLIER = "outlier";
        public static final List<String> TYPES = List.of(ABOVE, BELOW, OUTSIDE, RATE, NO_DATA, FLATLINE, OUTLIER);

        public Condition {
            check(type != null, "condition.type is required; one of " + TYPES);
            type = type.toLowerCase(Locale.ROOT);
            check(TYPES.contains(type), "condition.type must be one of " + TYPES + ", got " + quote(type));
            String t = type;
            for (Map.Entry<String, Double> n : new TreeMap<>(numbers(threshold, low, high, hysteresis, tolerance))
                    .entrySet()) {
                check(Double.isFinite(n.getValue()), "condition." + n.getKey() + " must be a finite number");
            }
            boolean hysteretic = !type.equals(NO_DATA) && !type.equals(FLATLINE);
            allowed("threshold", threshold, t, ABOVE, BELOW, RATE, OUTLIER);
            allowed("low", low, t, OUTSIDE);
            allowed("high", high, t, OUTSIDE);
            allowed("hysteresis", hysteresis, t, ABOVE, BELOW, OUTSIDE, RATE, OUTLIER);
            allowed("duration", duration, t, NO_DATA, FLATLINE);
            allowed("tolerance", tolerance, t, FLATLINE);
            if (hysteretic) {
                hysteresis = hysteresis == null ? 0.0 : hysteresis;
                check(hysteresis >= 0, "condition.hysteresis must not be negative, got " + hysteresis);
            }
            switch (type) {
                case ABOVE, BELOW -> required("threshold", threshold, t);
                case OUTSIDE -> {
                    required("low", low, t);
                    required("high", high, t);
                    check(low < high, "condition.low (" + low + ") must be less than condition.high (" + high + ")");
                    check(2 * hysteresis < high - low, "condition.hysteresis (" + hysteresis + ") must be less than"
                            + " half of high - low (" + (high - low) + "), or the alert could never clear");
                }
                case RATE -> {
                    required("threshold", threshold, t);
                    check(threshold > 0, "condition.threshold of a rate (change per second) must be positive, got "
                            + threshold);
                    check(hysteresis < threshold, "condition.hysteresis (" + hysteresis + ") must be less than"
                            + " condition.threshold (" + threshold + "), or the alert could never clear");
                }
                case NO_DATA -> {
                    required("duration", duration, t);
                    checkDuration("condition.duration", duration, false);
                }
                case FLATLINE -> {
                    required("duration", duration, t);
                    checkDuration("condition.duration", duration, false);
                    tolerance = tolerance == null ? 0.0 : tolerance;
                    check(tolerance >= 0, "condition.tolerance must not be negative, got " + tolerance);
                }
                default -> { // OUTLIER
                    if (threshold != null) {
                        check(threshold > 0 && threshold <= 1, "condition.threshold of an outlier is a score in"
                                + " (0, 1], got " + threshold);
                        check(hysteresis < threshold, "condition.hysteresis (" + hysteresis + ") must be less than"
                                + " condition.threshold (" + threshold + ")");
                    }
                }
            }
        }

        public static Condition above(double threshold) {
            return new Condition(ABOVE, threshold, null, null, null, null, null);
        }

        public static Condition below(double threshold) {
            return new Condition(BELOW, threshold, null, null, null, null, null);
        }

        public static Condition outside(double low, double high) {
            return new Condition(OUTSIDE, null, low, high, null, null, null);
        }

        /** Bad when the value changes faster than {@code perSecond} (either way) between consecutive readings. */
        public static Condition rate(double perSecond) {
            return new Condition(RATE, perSecond, null, null, null, null, null);
        }

        public static Condition noData(Duration duration) {
            return new Condition(NO_DATA, null, null, null, null, duration, null);
        }

        public static Condition flatline(Duration duration, double tolerance) {
            return new Condition(FLATLINE, null, null, null, null, duration, tolerance);
        }

        /** @param threshold score in (0, 1], or null for the processor's default */
        public static Condition outlier(Double threshold) {
            return new Condition(OUTLIER, threshold, null, null, null, null, null);
        }

        /** This condition with another hysteresis (types above, below, outside, rate and outlier). */
        public Condition withHysteresis(double newHysteresis) {
            return new Condition(type, threshold, low, high, newHysteresis, duration, tolerance);
        }

        /** The hysteresis, 0 for types without one. */
        @JsonIgnore
        public double hysteresisOrZero() {
            return hysteresis == null ? 0 : hysteresis;
        }

        private static Map<String, Double> numbers(Double threshold, Double low, Double high, Double hysteresis,
                Double tolerance) {
            Map<String, Double> m = new TreeMap<>();
            putIfPresent(m, "threshold", threshold);
            putIfPresent(m, "low", low);
            putIfPresent(m, "high", high);
            putIfPresent(m, "hysteresis", hysteresis);
            putIfPresent(m, "tolerance", tolerance);
            return m;
        }

        private static void putIfPresent(Map<String, Double> m, String key, Double value) {
            if (value != null) {
                m.put(key, value);
            }
        }

        private static void allowed(String field, Object value, String type, String... types) {
            check(value == null || List.of(types).contains(type), "condition." + field + " does not apply to type '"
                    + type + "' (it applies to " + String.join(", ", types) + ")");
        }

        private static void required(String field, Object value, String type) {
            check(value != null, "condition." + field + " is required for type '" + type + "'");
        }
    }

    private static void checkDuration(String field, Duration d, boolean zeroAllowed) {
        check(!d.isNegative() && (zeroAllowed || !d.isZero()), field + " must be " + (zeroAllowed ? "zero or " : "")
                + "positive, got " + RuleDurations.format(d));
        check(d.compareTo(MAX_DURATION) <= 0, field + " must be at most " + RuleDurations.format(MAX_DURATION)
                + ", got " + RuleDurations.format(d));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "nothing";
        }
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
    }
}
