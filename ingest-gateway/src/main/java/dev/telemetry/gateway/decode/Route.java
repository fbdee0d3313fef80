package dev.telemetry.gateway.decode;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One subscription's decoding rule: MQTT topics matching {@code filter} are decoded as
 * {@code format}, with device id (and metric) taken from {@code template} where the format uses it.
 *
 * @param name     the subscription's name, for messages
 * @param filter   the MQTT topic filter, possibly {@code $share/<group>/...} (the share prefix is
 *                 ignored when matching topics)
 * @param format   one of {@link #FORMATS}; {@code auto} takes it from the MQTT 5 content type
 * @param template the topic template, or null (only for {@code sparkplug-b})
 */
public record Route(String name, String filter, String format, TopicTemplate template) {

    /** The format that takes the payload format from the message's MQTT 5 content type. */
    public static final String AUTO = "auto";
    /** Every format a route can name. */
    public static final Set<String> FORMATS = Set.of(JsonDecoder.FORMAT, PlainDecoder.FORMAT,
            SenmlDecoder.FORMAT_JSON, SenmlDecoder.FORMAT_CBOR, SparkplugDecoder.FORMAT, AUTO);

    /** MQTT 5 content types (without parameters, lower case) and the format each means. */
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "application/json", JsonDecoder.FORMAT,
            "text/plain", PlainDecoder.FORMAT,
            "application/senml+json", SenmlDecoder.FORMAT_JSON,
            "application/senml+cbor", SenmlDecoder.FORMAT_CBOR);

    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("format must be one of " + new java.util.TreeSet<>(FORMATS)
                    + ", got '" + format + "'");
        }
        if (template == null && !format.equals(SparkplugDecoder.FORMAT)) {
            throw new IllegalArgumentException("format " + format + " needs a topic template");
        }
        if (format.equals(PlainDecoder.FORMAT) && !(template.has("deviceId") && template.has("metric"))) {
            throw new IllegalArgumentException("format plain needs a topic template with {deviceId} and {metric},"
                    + " got '" + template + "'");
        }
    }

    /** The format an MQTT 5 content type names ({@code application/senml+json; charset=utf-8} too), or null. */
    public static String formatOfContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.get(type);
    }

    /** True when the concrete topic matches this route's filter (MQTT rules: {@code +} one level, {@code #} the rest). */
    public boolean matches(String topic) {
        return matches(filterWithoutShare(filter), topic);
    }

    /** The filter without a leading {@code $share/<group>/}. */
    static String filterWithoutShare(String filter) {
        if (filter.startsWith("$share/")) {
            int slash = filter.indexOf('/', "$share/".length());
            return slash < 0 ? filter : filter.substring(slash + 1);
        }
        return filter;
    }

    static boolean matches(String filter, String topic) {
        if (topic == null) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        // a wildcard in the first level does not match topics starting with $ (MQTT 5, 4.7.2)
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
