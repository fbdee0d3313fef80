package dev.telemetry.gateway.decode;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.normalize.Timestamps;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes a JSON object into one reading per metric field, or a JSON array of such objects.
 *
 * <pre>{@code {"deviceId": "dev-1", "ts": 1714564800123, "seq": 42, "temperature": 21.5, "env": {"rh": 40}}}</pre>
 *
 * <ul>
 *   <li>The device id, time and sequence fields are reserved top-level fields whose names are
 *       configurable ({@link JsonFields}, default {@code deviceId}, {@code ts}, {@code seq}); every
 *       other field is a metric whose value is a number, a boolean or a string.</li>
 *   <li><b>Nested objects</b> are flattened: {@code {"env": {"t": 1}}} is the metric {@code env.t}.
 *       Reserved names are only reserved at the top level ({@code {"env": {"ts": 1}}} is the metric
 *       {@code env.ts}). Two fields that flatten to the same name are {@code DUPLICATE_METRIC}.</li>
 *   <li><b>Arrays of readings:</b> a top-level array whose elements are objects; each element is
 *       decoded like a single object (its own device id, time and seq) and the readings are
 *       concatenated in order. An element that is not an object is {@code NOT_AN_OBJECT}, an empty
 *       array {@code NO_METRICS}. Arrays as metric values are {@code UNSUPPORTED_VALUE}.</li>
 *   <li><b>Device id:</b> the payload's device id field (a string) when present; otherwise the
 *       topic's {@code {deviceId}} level. When both are present and differ, the payload wins.
 *       Deployments that rely on broker ACLs binding a device to its topic should therefore either
 *       keep the field out of payloads or use a JSON template without {@code {deviceId}}.</li>
 *   <li><b>Time:</b> see {@link Timestamps}; without it eventTime is the receipt time and
 *       timeSource is {@link TimeSource#GATEWAY}.</li>
 *   <li><b>Seq:</b> a non-negative integer, copied to every reading of its object.</li>
 *   <li>All or nothing: one invalid field rejects the whole message (every element of an array),
 *       which then goes to the DLQ whole. Null values are {@code INVALID_VALUE}.</li>
 *   <li>Parsing is strict: duplicate fields and trailing data are {@code INVALID_JSON}; the
 *       literals {@code NaN} and {@code Infinity} are read only to be rejected as
 *       {@code NON_FINITE_VALUE}.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class JsonDecoder {

    /** The {@code format} of the readings' source and of DLQ records. */
    public static final String FORMAT = "json";
    /** The topic template placeholder that names the device. */
    static final String DEVICE_ID = "deviceId";

    private static final ObjectReader READER = Json.mapper().reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final TopicTemplate template;
    private final String gatewayId;
    private final JsonFields fields;
    private final DecodeLimits limits;

    /** A decoder with the default field names {@link JsonFields#DEFAULTS}. */
    public JsonDecoder(TopicTemplate template, String gatewayId) {
        this(template, gatewayId, JsonFields.DEFAULTS);
    }

    public JsonDecoder(TopicTemplate template, String gatewayId, JsonFields fields) {
        this(template, gatewayId, fields, DecodeLimits.DEFAULTS);
    }

    /** @param limits {@code maxReadings} is checked while decoding, before the readings are built */
    public JsonDecoder(TopicTemplate template, String gatewayId, JsonFields fields, DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.template = Objects.requireNonNull(template, "template");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.fields = Objects.requireNonNull(fields, "fields");
    }

    public TopicTemplate template() {
        return template;
    }

    public JsonFields fields() {
        return fields;
    }

    /** Decodes a message whose topic must match this decoder's template ({@code TOPIC_MISMATCH} otherwise). */
    public List<Reading> decode(String mqttTopic, byte[] payload, long receivedAt) throws DecodeException {
        return decode(mqttTopic, template.matchOrReject(mqttTopic), payload, receivedAt);
    }

    /**
     * Decodes a message whose topic has already been matched.
     *
     * @param topicValues the placeholder values of the matched template
     */
    public List<Reading> decode(String mqttTopic, Map<String, String> topicValues, byte[] payload, long receivedAt)
            throws DecodeException {
        String topicDevice = topicValues.get(DEVICE_ID);
        JsonNode root;
        try {
            root = parse(payload);
        } catch (DecodeException e) {
            throw attribute(e, null, topicDevice);
        }
        if (root.isObject()) {
            return decodeObject(root, topicDevice, mqttTopic, receivedAt, "");
        }
        if (root.isEmpty()) {
            throw attribute(new DecodeException(Code.NO_METRICS, "payload is an empty array"), null, topicDevice);
        }
        try {
            limits.checkReadingCount(root.size()); // every element has at least one reading
        } catch (DecodeException e) {
            throw attribute(e, null, topicDevice);
        }
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            if (!element.isObject()) {
                throw attribute(new DecodeException(Code.NOT_AN_OBJECT, "array element " + i
                        + " must be a JSON object, got " + kind(element)), null, topicDevice);
            }
            out.addAll(decodeObject(element, topicDevice, mqttTopic, receivedAt, "array element " + i + ": "));
            try {
                limits.checkReadingCount(out.size());
            } catch (DecodeException e) {
                throw attribute(e, null, topicDevice);
            }
        }
        return out;
    }

    private List<Reading> decodeObject(JsonNode object, String topicDevice, String mqttTopic, long receivedAt,
            String where) throws DecodeException {
        try {
            return readings(object, topicDevice, mqttTopic, receivedAt);
        } catch (DecodeException e) {
            JsonNode payloadDevice = object.get(fields.deviceId());
            DecodeException located = where.isEmpty() ? e : new DecodeException(e.code(), where + e.getMessage(),
                    e.getCause());
            throw attribute(located, payloadDevice != null && payloadDevice.isTextual() ? payloadDevice.asText()
                    : null, topicDevice);
        }
    }

    private static JsonNode parse(byte[] payload) throws DecodeException {
        JsonNode root;
        try {
            root = READER.readTree(payload);
        } catch (JacksonException e) {
            throw new DecodeException(Code.INVALID_JSON, "payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DecodeException(Code.INVALID_JSON, "payload cannot be read as JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DecodeException(Code.EMPTY_PAYLOAD, "payload is empty");
        }
        if (!root.isObject() && !root.isArray()) {
            throw new DecodeException(Code.NOT_AN_OBJECT, "payload must be a JSON object or an array of objects, got "
                    + kind(root));
        }
        return root;
    }

    private List<Reading> readings(JsonNode root, String topicDevice, String mqttTopic, long receivedAt)
            throws DecodeException {
        String deviceId = deviceId(root.get(fields.deviceId()), topicDevice);
        JsonNode ts = root.get(fields.time());
        long eventTime = ts == null ? receivedAt : eventTime(ts);
        TimeSource timeSource = ts == null ? TimeSource.GATEWAY : TimeSource.DEVICE;
        Long seq = seq(root.get(fields.seq()));
        Source source = new Source(mqttTopic, FORMAT, gatewayId);

        Map<String, ReadingValue> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!fields.isReserved(field.getKey())) {
                flatten(field.getKey(), field.getValue(), metrics);
            }
        }
        limits.checkReadingCount(metrics.size());
        if (metrics.isEmpty()) {
            throw new DecodeException(Code.NO_METRICS, "payload has no metric fields (only " + fields.deviceId()
                    + ", " + fields.time() + ", " + fields.seq() + " or empty objects)");
        }
        List<Reading> out = new ArrayList<>(metrics.size());
        metrics.forEach((metric, value) -> out.add(
                new Reading(deviceId, metric, value, null, eventTime, timeSource, seq, receivedAt, source)));
        return out;
    }

    /** Adds the metric(s) of one field; nested objects become dotted names. */
    private static void flatten(String metric, JsonNode node, Map<String, ReadingValue> out) throws DecodeException {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(metric + "." + field.getKey(), field.getValue(), out);
            }
            return;
        }
        if (!Reading.isValidName(metric)) {
            throw new DecodeException(Code.INVALID_METRIC, "metric name " + Values.quote(metric)
                    + " must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        if (out.putIfAbsent(metric, value(metric, node)) != null) {
            throw new DecodeException(Code.DUPLICATE_METRIC, "metric '" + metric
                    + "' appears twice (a dotted field name and a nested object flatten to the same name)");
        }
    }

    private String deviceId(JsonNode node, String topicDevice) throws DecodeException {
        if (node != null) {
            if (!node.isTextual()) {
                throw new DecodeException(Code.INVALID_DEVICE_ID, fields.deviceId() + " must be a string, got "
                        + kind(node));
            }
            return validDeviceId(node.asText(), "payload field " + fields.deviceId());
        }
        if (topicDevice != null) {
            return validDeviceId(topicDevice, "topic level {deviceId}");
        }
        throw new DecodeException(Code.INVALID_DEVICE_ID, "no device id: the payload has no " + fields.deviceId()
                + " field and the topic template " + template + " has no {deviceId}");
    }

    static String validDeviceId(String id, String where) throws DecodeException {
        if (!Reading.isValidName(id)) {
            throw new DecodeException(Code.INVALID_DEVICE_ID, "device id " + Values.quote(id) + " from " + where
                    + " must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        return id;
    }

    private long eventTime(JsonNode ts) throws DecodeException {
        try {
            if (ts.isIntegralNumber() && ts.canConvertToLong()) {
                return Timestamps.fromEpochNumber(ts.longValue());
            }
            if (ts.isNumber()) {
                return Timestamps.fromEpochNumber(ts.doubleValue());
            }
            if (ts.isTextual()) {
                return Timestamps.parse(ts.asText());
            }
        } catch (IllegalArgumentException e) {
            throw new DecodeException(Code.INVALID_TIMESTAMP, fields.time() + ": " + e.getMessage(), e);
        }
        throw new DecodeException(Code.INVALID_TIMESTAMP,
                fields.time() + " must be an epoch number or an ISO-8601 string, got " + kind(ts));
    }

    private Long seq(JsonNode node) throws DecodeException {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            return node.longValue();
        }
        throw new DecodeException(Code.INVALID_SEQ, fields.seq() + " must be a non-negative integer, got "
                + (node.isValueNode() ? Values.quote(node.asText()) : kind(node)));
    }

    private static ReadingValue value(String metric, JsonNode node) throws DecodeException {
        if (node.isNumber()) {
            return Values.number(metric, node.doubleValue());
        }
        if (node.isBoolean()) {
            return ReadingValue.of(node.booleanValue());
        }
        if (node.isTextual()) {
            return Values.text(metric, node.asText());
        }
        if (node.isArray()) {
            throw new DecodeException(Code.UNSUPPORTED_VALUE, "metric '" + metric + "' is an array;"
                    + " arrays are only supported at the top level, as a list of reading objects");
        }
        throw new DecodeException(Code.INVALID_VALUE, "metric '" + metric + "' is " + kind(node)
                + "; a value must be a number, a boolean or a string");
    }

    /** Attributes the failure to the first valid device id known, so the DLQ record is keyed by it. */
    private static DecodeException attribute(DecodeException e, String payloadDevice, String topicDevice) {
        if (Reading.isValidName(payloadDevice)) {
            return e.withDeviceId(payloadDevice);
        }
        if (Reading.isValidName(topicDevice)) {
            return e.withDeviceId(topicDevice);
        }
        return e;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
