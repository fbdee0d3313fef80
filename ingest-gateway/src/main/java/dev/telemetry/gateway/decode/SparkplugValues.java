package dev.telemetry.gateway.decode;

import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.tahu.message.model.MetricDataType;

/**
 * Turns the value of one decoded Sparkplug metric ({@link SparkplugMetrics.Decoded}) into reading values.
 *
 * <ul>
 *   <li>integers (signed and unsigned), Float, Double and DateTime (epoch ms) are numbers; a
 *       UInt64 above 2^53 loses precision as a double; a Float is widened by its decimal form
 *       ({@code 12.1f} is {@code 12.1}, not {@code 12.100000381...});</li>
 *   <li>Boolean is a boolean; String, Text and UUID are text; Bytes is text, base64url without padding;</li>
 *   <li>arrays become one value per element, named {@code <metric>.<index>} from 0;</li>
 *   <li>DataSet, Template, File, PropertySet and null values are not readings: no value.</li>
 * </ul>
 */
final class SparkplugValues {

    /** Unsigned types: tahu-core hands some of them over sign-extended (UInt8Array 250 as -6). */
    private static final Set<MetricDataType> UNSIGNED = Set.of(MetricDataType.UInt8, MetricDataType.UInt16,
            MetricDataType.UInt32, MetricDataType.UInt64, MetricDataType.UInt8Array, MetricDataType.UInt16Array,
            MetricDataType.UInt32Array, MetricDataType.UInt64Array);
    private static final Set<MetricDataType> NOT_READINGS = Set.of(MetricDataType.DataSet,
            MetricDataType.Template, MetricDataType.File, MetricDataType.Unknown);

    private SparkplugValues() {
    }

    /**
     * True for the session metric {@code bdSeq}. This and {@link #isInFolder} run for every metric of a
     * birth; the length is compared first so that almost no name reaches a string comparison, which a
     * fuzzer tracing comparisons (Jazzer) pays for with an allocation charged to the decode.
     */
    static boolean isBdSeq(String name) {
        return name.length() == 5 && name.equals("bdSeq");
    }

    /** True when {@code name} starts with {@code folder}, e.g. {@code Node Control/}. */
    static boolean isInFolder(String name, String folder) {
        return name.length() >= folder.length() && name.regionMatches(0, folder, 0, folder.length());
    }

    /** A canonical metric name: characters outside the alphabet become {@code _}. */
    static String metricName(String raw) {
        // a loop rather than a regex: this runs for every metric of every message
        char[] out = null;
        for (int i = 0; i < raw.length(); i++) {
            if (!Reading.isNameChar(raw.charAt(i))) {
                if (out == null) {
                    out = raw.toCharArray();
                }
                out[i] = '_';
            }
        }
        return out == null ? raw : new String(out);
    }

    /**
     * The values of a metric, in order; empty when its type or a null value makes it no reading.
     *
     * @throws DecodeException {@code NON_FINITE_VALUE} for NaN or infinite numbers
     */
    static List<Map.Entry<String, ReadingValue>> values(String metric, MetricDataType type, Object value)
            throws DecodeException {
        if (value == null || type == null || NOT_READINGS.contains(type)) {
            return List.of();
        }
        if (value instanceof byte[] bytes) {
            return List.of(Map.entry(metric, ReadingValue.of(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(bytes))));
        }
        if (value instanceof SparkplugArray array) {
            int n = array.size();
            List<Map.Entry<String, ReadingValue>> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String element = metric + "." + i;
                ReadingValue v = scalar(element, unsigned(type, array.get(i)));
                if (v != null) {
                    out.add(Map.entry(element, v));
                }
            }
            return out;
        }
        ReadingValue v = scalar(metric, unsigned(type, value));
        return v == null ? List.of() : List.of(Map.entry(metric, v));
    }

    /** The unsigned value of an integral element of {@code type}, whatever Java type tahu-core used for it. */
    private static Object unsigned(MetricDataType type, Object value) {
        if (!UNSIGNED.contains(type) || !(value instanceof Number n) || value instanceof BigInteger) {
            return value;
        }
        long v = n.longValue();
        if (type == MetricDataType.UInt8 || type == MetricDataType.UInt8Array) {
            return v & 0xFFL;
        }
        if (type == MetricDataType.UInt16 || type == MetricDataType.UInt16Array) {
            return v & 0xFFFFL;
        }
        if (type == MetricDataType.UInt32 || type == MetricDataType.UInt32Array) {
            return v & 0xFFFF_FFFFL;
        }
        return v < 0 ? new BigInteger(Long.toUnsignedString(v)) : value;
    }

    private static ReadingValue scalar(String metric, Object value) throws DecodeException {
        if (value instanceof Float f) {
            return Values.number(metric, f.isNaN() || f.isInfinite() ? f : Double.parseDouble(f.toString()));
        }
        if (value instanceof BigInteger big) {
            return Values.number(metric, big.doubleValue());
        }
        if (value instanceof Number number) {
            return Values.number(metric, number.doubleValue());
        }
        if (value instanceof Boolean b) {
            return ReadingValue.of(b);
        }
        if (value instanceof String s) {
            return Values.text(metric, s);
        }
        if (value instanceof Date d) {
            return ReadingValue.of((double) d.getTime());
        }
        return null; // a type that is not a reading (e.g. a nested structure)
    }
}
