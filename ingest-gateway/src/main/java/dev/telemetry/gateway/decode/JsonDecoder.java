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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes a flat JSON object into one reading per metric field.
 *
 * <pre>{@code {"deviceId": "dev-1", "ts": 1714564800123, "seq": 42, "temperature": 21.5, "door": "open", "ok": true}}</pre>
 *
 * <ul>
 *   <li>{@code deviceId}, {@code ts} and {@code seq} are reserved fields; every other top-level
 *       field is a metric whose name is the field name and whose value is a number, a boolean or
 *       a string.</li>
 *   <li><b>Device id:</b> the payload's {@code deviceId} (a string) when present; otherwise the
 *       topic's {@code {deviceId}} level. When both are present and differ, the payload wins.
 *       Deployments that rely on broker ACLs binding a device to its topic should therefore either
 *       keep {@code deviceId} out of payloads or use a JSON template without {@code {deviceId}}.</li>
 *   <li><b>ts:</b> see {@link Timestamps}; without it eventTime is the receipt time and
 *       timeSource is {@link TimeSource#GATEWAY}.</li>
 *   <li><b>seq:</b> a non-negative integer, copied to every reading of the message.</li>
 *   <li>All or nothing: one invalid field rejects the whole message, which then goes to the DLQ
 *       whole. Null values ({@code INVALID_VALUE}) and nested objects or arrays
 *       ({@code UNSUPPORTED_VALUE}) are rejected.</li>
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
    static final String DEVICE_ID = "deviceId";
    static final String TS = "ts";
    static final String SEQ = "seq";

    private static final ObjectReader READER = Json.mapper().reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final TopicTemplate template;
    private final String gatewayId;

    public JsonDecoder(TopicTemplate template, String gatewayId) {
        this.template = Objects.requireNonNull(template, "template");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    }

    public TopicTemplate template() {
        return template;
    }

    /** Decodes a message whose topic must match this decoder's template ({@code TOPIC_MISMATCH} otherwise). */
    public List<Reading> decode(String mqttTopic, byte[] payload, long receivedAt) throws DecodeException {
        Map<String, String> values = template.match(mqttTopic).orElseThrow(() -> new DecodeException(
                Code.TOPIC_MISMATCH, "topic " + Values.quote(mqttTopic) + " does not match " + template));
        return decode(mqttTopic, values, payload, receivedAt);
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
        JsonNode payloadDevice = root.get(DEVICE_ID);
        try {
            return readings(root, topicDevice, mqttTopic, receivedAt);
        } catch (DecodeException e) {
            throw attribute(e, payloadDevice != null && payloadDevice.isTextual() ? payloadDevice.asText() : null,
                    topicDevice);
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
        if (!root.isObject()) {
            throw new DecodeException(Code.NOT_AN_OBJECT, "payload must be a JSON object, got " + kind(root));
        }
        return root;
    }

    private List<Reading> readings(JsonNode root, String topicDevice, String mqttTopic, long receivedAt)
            throws DecodeException {
        String deviceId = deviceId(root.get(DEVICE_ID), topicDevice);
        JsonNode ts = root.get(TS);
        long eventTime = ts == null ? receivedAt : eventTime(ts);
        TimeSource timeSource = ts == null ? TimeSource.GATEWAY : TimeSource.DEVICE;
        Long seq = seq(root.get(SEQ));
        Source source = new Source(mqttTopic, FORMAT, gatewayId);

        List<Reading> out = new ArrayList<>(root.size());
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String metric = field.getKey();
            if (metric.equals(DEVICE_ID) || metric.equals(TS) || metric.equals(SEQ)) {
                continue;
            }
            if (!Reading.isValidName(metric)) {
                throw new DecodeException(Code.INVALID_METRIC, "metric name " + Values.quote(metric)
                        + " must be 1..200 characters of [A-Za-z0-9._:/-]");
            }
            ReadingValue value = value(metric, field.getValue());
            out.add(new Reading(deviceId, metric, value, null, eventTime, timeSource, seq, receivedAt, source));
        }
        if (out.isEmpty()) {
            throw new DecodeException(Code.NO_METRICS, "payload has no metric fields (only deviceId, ts, seq)");
        }
        return out;
    }

    private String deviceId(JsonNode node, String topicDevice) throws DecodeException {
        if (node != null) {
            if (!node.isTextual()) {
                throw new DecodeException(Code.INVALID_DEVICE_ID, "deviceId must be a string, got " + kind(node));
            }
            return validDeviceId(node.asText(), "payload field deviceId");
        }
        if (topicDevice != null) {
            return validDeviceId(topicDevice, "topic level {deviceId}");
        }
        throw new DecodeException(Code.INVALID_DEVICE_ID, "no device id: the payload has no deviceId field and"
                + " the topic template " + template + " has no {deviceId}");
    }

    static String validDeviceId(String id, String where) throws DecodeException {
        if (!Reading.isValidName(id)) {
            throw new DecodeException(Code.INVALID_DEVICE_ID, "device id " + Values.quote(id) + " from " + where
                    + " must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        return id;
    }

    private static long eventTime(JsonNode ts) throws DecodeException {
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
            throw new DecodeException(Code.INVALID_TIMESTAMP, "ts: " + e.getMessage(), e);
        }
        throw new DecodeException(Code.INVALID_TIMESTAMP,
                "ts must be an epoch number or an ISO-8601 string, got " + kind(ts));
    }

    private static Long seq(JsonNode node) throws DecodeException {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            return node.longValue();
        }
        throw new DecodeException(Code.INVALID_SEQ, "seq must be a non-negative integer, got "
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
        if (node.isContainerNode()) {
            throw new DecodeException(Code.UNSUPPORTED_VALUE, "metric '" + metric + "' is " + kind(node)
                    + "; nested values are not supported, send a flat object");
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
