package dev.telemetry.gateway.decode;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes a SenML pack (RFC 8428) in JSON ({@code application/senml+json}) or CBOR
 * ({@code application/senml+cbor}, integer labels of section 6) into one reading per resolved
 * record (two when a record has both a value and a sum).
 *
 * <p><b>Device id and metric.</b> SenML has one name per record, base name ({@code bn}) + name
 * ({@code n}). The base name is taken to be the device:
 * <ul>
 *   <li>with a base name in effect, the device id is the base name without its trailing
 *       {@code :} and {@code /} characters, the metric is {@code n}:
 *       {@code bn=urn:dev:ow:10e2073a01080063:} + {@code n=temp} is device
 *       {@code urn:dev:ow:10e2073a01080063}, metric {@code temp};</li>
 *   <li>without a base name, the device is the topic's {@code {deviceId}} when the template has
 *       one and the metric is {@code n}; when the template has none, the device is {@code n};</li>
 *   <li>a record without its own name (the base name, or {@code n} as device, names the sensor)
 *       takes its metric from its unit, {@code %} spelt {@code pct} ({@code %RH} is
 *       {@code pctRH}, {@code lat} is {@code lat}), or {@code value} when it has no unit;</li>
 *   <li>a sum ({@code s}, plus {@code bs}) is a reading of its own, metric {@code <metric>.sum},
 *       without unit (its unit would be the record's unit times seconds).</li>
 * </ul>
 * Ids and metrics must then be valid canonical names (the SenML alphabet is the same, but canonical
 * names have at most 200 characters and a unit may hold other characters): {@code INVALID_DEVICE_ID}
 * / {@code INVALID_METRIC} otherwise.
 *
 * <p><b>Time.</b> Absolute times ({@code bt + t >= 2^28} s) are device time. Relative times are
 * resolved against the receipt time of the message, which the MQTT adapter takes from its clock,
 * and are marked {@link TimeSource#GATEWAY}. SenML carries no sequence number.
 *
 * <p><b>Values.</b> {@code v} (plus {@code bv}) is a number, {@code vs} text, {@code vb} a
 * boolean; {@code vd} (binary data) becomes a text value holding the data in base64url without
 * padding, for both encodings. See {@link SenmlResolver} for the resolution rules and errors.
 *
 * <p>Thread-safe.
 */
public final class SenmlDecoder {

    /** The {@code format} of SenML JSON. */
    public static final String FORMAT_JSON = "senml-json";
    /** The {@code format} of SenML CBOR. */
    public static final String FORMAT_CBOR = "senml-cbor";
    /** The suffix of the metric of a record's sum. */
    public static final String SUM_SUFFIX = ".sum";

    /** CBOR labels of RFC 8428 table 4, indexed by label + 6. */
    private static final String[] CBOR_LABELS = {
        "bs", "bv", "bu", "bt", "bn", "bver", "n", "u", "v", "vs", "vb", "s", "t", "ut", "vd"};

    private static final ObjectReader JSON_READER = Json.mapper().reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader CBOR_READER = new CBORMapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final boolean cbor;
    private final TopicTemplate template;
    private final String gatewayId;

    private SenmlDecoder(boolean cbor, TopicTemplate template, String gatewayId) {
        this.cbor = cbor;
        this.template = Objects.requireNonNull(template, "template");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    }

    /** A decoder of {@code application/senml+json}. */
    public static SenmlDecoder json(TopicTemplate template, String gatewayId) {
        return new SenmlDecoder(false, template, gatewayId);
    }

    /** A decoder of {@code application/senml+cbor}. */
    public static SenmlDecoder cbor(TopicTemplate template, String gatewayId) {
        return new SenmlDecoder(true, template, gatewayId);
    }

    public String format() {
        return cbor ? FORMAT_CBOR : FORMAT_JSON;
    }

    public TopicTemplate template() {
        return template;
    }

    /** Decodes a message whose topic must match this decoder's template ({@code TOPIC_MISMATCH} otherwise). */
    public List<Reading> decode(String mqttTopic, byte[] payload, long receivedAt) throws DecodeException {
        return decode(mqttTopic, template.matchOrReject(mqttTopic), payload, receivedAt);
    }

    /** Decodes a message whose topic has already been matched against this decoder's template. */
    public List<Reading> decode(String mqttTopic, Map<String, String> topicValues, byte[] payload, long receivedAt)
            throws DecodeException {
        String topicDevice = topicValues.get(JsonDecoder.DEVICE_ID);
        String knownDevice = null;
        try {
            List<SenmlRecord> records = resolve(payload, receivedAt);
            if (records.isEmpty()) {
                throw new DecodeException(Code.NO_METRICS, "the pack has no record with a value or a sum");
            }
            Source source = new Source(mqttTopic, format(), gatewayId);
            List<Reading> out = new ArrayList<>(records.size());
            for (SenmlRecord r : records) {
                String device = deviceId(r, topicDevice);
                knownDevice = device;
                String metric = metric(r, topicDevice);
                TimeSource timeSource = r.relativeTime() ? TimeSource.GATEWAY : TimeSource.DEVICE;
                long eventTime = r.epochMillis();
                if (r.value() != null) {
                    out.add(new Reading(device, metric, r.value(), r.unit(), eventTime, timeSource, null,
                            receivedAt, source));
                }
                if (r.sum() != null) {
                    String sumMetric = validMetric(metric + SUM_SUFFIX);
                    out.add(new Reading(device, sumMetric, Values.number(sumMetric, r.sum()), null, eventTime,
                            timeSource, null, receivedAt, source));
                }
            }
            return out;
        } catch (DecodeException e) {
            String device = Reading.isValidName(knownDevice) ? knownDevice : topicDevice;
            throw Reading.isValidName(device) ? e.withDeviceId(device) : e;
        }
    }

    /**
     * Resolves the pack (RFC 8428 section 4.6) without mapping it to readings.
     *
     * @param nowMillis "now" for relative times, epoch milliseconds
     */
    public List<SenmlRecord> resolve(byte[] payload, long nowMillis) throws DecodeException {
        return SenmlResolver.resolve(cbor ? readCbor(payload) : readJson(payload), nowMillis);
    }

    private static String deviceId(SenmlRecord r, String topicDevice) throws DecodeException {
        String base = r.baseName() == null ? "" : stripSeparators(r.baseName());
        String device;
        String where;
        if (!base.isEmpty()) {
            device = base;
            where = "base name " + Values.quote(r.baseName());
        } else if (topicDevice != null) {
            device = topicDevice;
            where = "topic level {deviceId}";
        } else {
            device = r.name();
            where = "record name";
        }
        return JsonDecoder.validDeviceId(device, where);
    }

    private static String metric(SenmlRecord r, String topicDevice) throws DecodeException {
        boolean hasBase = r.baseName() != null && !stripSeparators(r.baseName()).isEmpty();
        boolean ownName = r.localName() != null && !r.localName().isEmpty() && (hasBase || topicDevice != null);
        if (ownName) {
            return validMetric(r.localName());
        }
        if (r.unit() == null || r.unit().isEmpty()) {
            return "value";
        }
        return validMetric(r.unit().replace("%", "pct"));
    }

    private static String validMetric(String metric) throws DecodeException {
        if (!Reading.isValidName(metric)) {
            throw new DecodeException(Code.INVALID_METRIC, "metric name " + Values.quote(metric)
                    + " must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        return metric;
    }

    private static String stripSeparators(String baseName) {
        int end = baseName.length();
        while (end > 0 && (baseName.charAt(end - 1) == ':' || baseName.charAt(end - 1) == '/')) {
            end--;
        }
        return baseName.substring(0, end);
    }

    private static JsonNode readJson(byte[] payload) throws DecodeException {
        try {
            JsonNode root = JSON_READER.readTree(payload);
            if (root == null || root.isMissingNode()) {
                throw new DecodeException(Code.EMPTY_PAYLOAD, "payload is empty");
            }
            return root;
        } catch (JacksonException e) {
            throw new DecodeException(Code.INVALID_JSON, "payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DecodeException(Code.INVALID_JSON, "payload cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads CBOR and renames the integer labels to the JSON labels, so one resolver serves both. */
    private static JsonNode readCbor(byte[] payload) throws DecodeException {
        JsonNode root;
        try {
            root = CBOR_READER.readTree(payload);
        } catch (JacksonException e) {
            throw new DecodeException(Code.INVALID_CBOR, "payload is not valid CBOR: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DecodeException(Code.INVALID_CBOR, "payload cannot be read as CBOR: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DecodeException(Code.EMPTY_PAYLOAD, "payload is empty");
        }
        if (!root.isArray()) {
            return root; // the resolver names the problem
        }
        ArrayNode pack = JsonNodeFactory.instance.arrayNode(root.size());
        for (JsonNode record : root) {
            pack.add(record.isObject() ? relabel(record) : record);
        }
        return pack;
    }

    private static JsonNode relabel(JsonNode record) throws DecodeException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            String label = label(field.getKey());
            if (out.has(label)) {
                throw new DecodeException(Code.INVALID_SENML, "label '" + label + "' appears twice in a record"
                        + " (as integer and as text)");
            }
            out.set(label, field.getValue());
        }
        return out;
    }

    private static String label(String key) {
        try {
            int i = Integer.parseInt(key);
            // keys outside the table are kept as they are, and so ignored by the resolver
            return i >= -6 && i <= 8 ? CBOR_LABELS[i + 6] : key;
        } catch (NumberFormatException e) {
            return key; // a text label (extensions use text keys in CBOR too)
        }
    }
}
