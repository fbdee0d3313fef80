package dev.telemetry.processor.anomaly;

import java.util.Objects;

/**
 * Names one alert series: (device, source, metric), where the source is a rule ({@code rule:<id>}) or a built-in
 * detector ({@code builtin:offline}, ...). Encoded as {@code deviceId NUL source NUL metric} (NUL occurs in none
 * of them), so that one device's series are adjacent in a store and found by a prefix scan.
 *
 * @param metric the metric, or {@code ""} for device-level series (offline, sequence gaps, late data)
 */
public record SeriesKey(String deviceId, String source, String metric) {

    private static final char SEP = '\u0000';
    private static final String RULE = "rule:";
    private static final String BUILTIN = "builtin:";

    public SeriesKey {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metric, "metric");
    }

    public static SeriesKey ofRule(String deviceId, String ruleId, String metric) {
        return new SeriesKey(deviceId, RULE + ruleId, metric);
    }

    public static SeriesKey ofBuiltIn(String deviceId, BuiltIn detector) {
        return new SeriesKey(deviceId, BUILTIN + detector.id(), "");
    }

    public static SeriesKey parse(String encoded) {
        int a = encoded.indexOf(SEP);
        int b = encoded.indexOf(SEP, a + 1);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("not a series key: " + encoded.replace(SEP, '|'));
        }
        return new SeriesKey(encoded.substring(0, a), encoded.substring(a + 1, b), encoded.substring(b + 1));
    }

    /** The prefix of every series key of {@code deviceId}. */
    public static String devicePrefix(String deviceId) {
        return deviceId + SEP;
    }

    public String encode() {
        return deviceId + SEP + source + SEP + metric;
    }

    /** The rule id, or null for a built-in detector. */
    public String ruleId() {
        return source.startsWith(RULE) ? source.substring(RULE.length()) : null;
    }

    /** The built-in detector, or null for a rule. */
    public BuiltIn builtIn() {
        return source.startsWith(BUILTIN) ? BuiltIn.byId(source.substring(BUILTIN.length())) : null;
    }

    /** The metric for the alert: null for device-level series. */
    public String alertMetric() {
        return metric.isEmpty() ? null : metric;
    }
}
