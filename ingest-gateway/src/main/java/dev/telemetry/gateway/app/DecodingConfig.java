package dev.telemetry.gateway.app;

import static dev.telemetry.gateway.app.ConfigChecks.positive;
import static dev.telemetry.gateway.app.ConfigChecks.require;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.decode.DecodeLimits;
import dev.telemetry.gateway.decode.JsonDecoder;
import dev.telemetry.gateway.decode.JsonFields;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.PlainDecoder;
import dev.telemetry.gateway.decode.RebirthRequester;
import dev.telemetry.gateway.decode.Route;
import dev.telemetry.gateway.decode.SparkplugDecoder;
import dev.telemetry.gateway.decode.TopicTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How payloads become readings: the {@code json.*}, {@code plain.*}, {@code subscriptions},
 * {@code subscription.<name>.*}, {@code sparkplug.*} and {@code limits.*} keys (see {@link GatewayConfig} for
 * the table). The payload bound in {@link #limits()} is {@code mqtt.max-payload-bytes}, set by
 * {@link GatewayConfig}.
 */
public record DecodingConfig(
        TopicTemplate jsonTopicTemplate,
        JsonFields jsonFields,
        TopicTemplate plainTopicTemplate,
        List<Route> subscriptions,
        boolean sparkplugStrict,
        int sparkplugMaxEdgeNodes,
        boolean sparkplugRequestRebirth,
        Duration sparkplugRebirthInterval,
        DecodeLimits limits) {

    public DecodingConfig {
        Objects.requireNonNull(jsonTopicTemplate, "jsonTopicTemplate");
        Objects.requireNonNull(jsonFields, "jsonFields");
        Objects.requireNonNull(plainTopicTemplate, "plainTopicTemplate");
        require(plainTopicTemplate.has("deviceId") && plainTopicTemplate.has("metric"), "plain.topic-template",
                "must contain {deviceId} and {metric}, got '" + plainTopicTemplate + "'");
        require(!jsonTopicTemplate.overlaps(plainTopicTemplate), "json.topic-template",
                "'" + jsonTopicTemplate + "' overlaps plain.topic-template '" + plainTopicTemplate
                        + "': some topic would match both");
        subscriptions = List.copyOf(subscriptions == null ? List.of() : subscriptions);
        require(sparkplugMaxEdgeNodes >= 1, "sparkplug.max-edge-nodes", "must be at least 1");
        require(positive(sparkplugRebirthInterval), "sparkplug.rebirth-interval", "must be positive");
        limits = limits == null ? DecodeLimits.DEFAULTS : limits;
    }

    static DecodingConfig from(ConfigSource c) {
        return new DecodingConfig(
                template(c, "json.topic-template", "sensors/{deviceId}"),
                jsonFields(c),
                template(c, "plain.topic-template", "sensors/{deviceId}/{metric}"),
                SubscriptionsReader.read(c),
                c.bool("sparkplug.strict", false),
                c.integer("sparkplug.max-edge-nodes", SparkplugDecoder.DEFAULT_MAX_EDGE_NODES, 1, 10_000_000),
                c.bool("sparkplug.request-rebirth", true),
                c.duration("sparkplug.rebirth-interval", Duration.ofSeconds(30)),
                limits(c));
    }

    /** The same, with the payload bound of {@code mqtt.max-payload-bytes}. */
    DecodingConfig withMaxPayloadBytes(int maxPayloadBytes) {
        return new DecodingConfig(jsonTopicTemplate, jsonFields, plainTopicTemplate, subscriptions, sparkplugStrict,
                sparkplugMaxEdgeNodes, sparkplugRequestRebirth, sparkplugRebirthInterval,
                limits.withMaxPayloadBytes(maxPayloadBytes));
    }

    /**
     * The decoders: by subscription when {@code subscriptions} is set, else by the JSON and plain templates.
     *
     * @param gatewayId written into every reading's source
     * @param rebirth   sends Sparkplug rebirth requests (used when {@code sparkplug.request-rebirth})
     */
    PayloadRouter router(String gatewayId, RebirthRequester rebirth) {
        if (subscriptions.isEmpty()) {
            return new PayloadRouter(new JsonDecoder(jsonTopicTemplate, gatewayId, jsonFields, limits),
                    new PlainDecoder(plainTopicTemplate, gatewayId), limits);
        }
        return PayloadRouter.of(subscriptions, gatewayId, jsonFields,
                new SparkplugDecoder(gatewayId, sparkplugStrict, sparkplugMaxEdgeNodes,
                        sparkplugRequestRebirth ? rebirth : RebirthRequester.NONE, sparkplugRebirthInterval, limits),
                limits);
    }

    void describe(Map<String, String> shown) {
        shown.put("json.topic-template", jsonTopicTemplate.toString());
        shown.put("json.device-id-field", jsonFields.deviceId());
        shown.put("json.time-field", jsonFields.time());
        shown.put("json.seq-field", jsonFields.seq());
        shown.put("plain.topic-template", plainTopicTemplate.toString());
        for (Route r : subscriptions) {
            shown.put("subscription." + r.name(), r.filter() + " " + r.format()
                    + (r.template() == null ? "" : " " + r.template()));
        }
        shown.put("sparkplug.strict", Boolean.toString(sparkplugStrict));
        shown.put("sparkplug.max-edge-nodes", Integer.toString(sparkplugMaxEdgeNodes));
        shown.put("sparkplug.request-rebirth", Boolean.toString(sparkplugRequestRebirth));
        shown.put("sparkplug.rebirth-interval", sparkplugRebirthInterval.toString());
        shown.put("limits.max-readings-per-message", Integer.toString(limits.maxReadings()));
        shown.put("limits.max-device-id-length", Integer.toString(limits.maxDeviceIdLength()));
        shown.put("limits.device-id-pattern", limits.deviceIdPattern() == null ? null
                : limits.deviceIdPattern().pattern());
        shown.put("limits.max-metric-name-length", Integer.toString(limits.maxMetricNameLength()));
        shown.put("limits.max-string-value-length", Integer.toString(limits.maxStringValueLength()));
    }

    static TopicTemplate template(ConfigSource c, String key, String defaultValue) {
        String value = c.string(key, defaultValue);
        try {
            return TopicTemplate.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }

    /** The {@code limits.*} keys; the payload bound is {@code mqtt.max-payload-bytes}. */
    private static DecodeLimits limits(ConfigSource c) {
        String pattern = c.string("limits.device-id-pattern", null);
        Pattern deviceIds = null;
        if (pattern != null && !pattern.isBlank()) {
            try {
                deviceIds = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigException("limits.device-id-pattern is not a regular expression: "
                        + e.getDescription() + ", got '" + pattern + "'", e);
            }
        }
        return new DecodeLimits(DecodeLimits.DEFAULTS.maxPayloadBytes(),
                c.integer("limits.max-readings-per-message", DecodeLimits.DEFAULTS.maxReadings(), 1, 1_000_000),
                c.integer("limits.max-device-id-length", DecodeLimits.MAX_NAME_LENGTH, 1, DecodeLimits.MAX_NAME_LENGTH),
                c.integer("limits.max-metric-name-length", DecodeLimits.MAX_NAME_LENGTH, 1,
                        DecodeLimits.MAX_NAME_LENGTH),
                c.integer("limits.max-string-value-length", DecodeLimits.DEFAULTS.maxStringValueLength(), 1,
                        16 * 1024 * 1024),
                deviceIds);
    }

    private static JsonFields jsonFields(ConfigSource c) {
        String deviceId = fieldName(c, "json.device-id-field", JsonFields.DEFAULTS.deviceId());
        String time = fieldName(c, "json.time-field", JsonFields.DEFAULTS.time());
        String seq = fieldName(c, "json.seq-field", JsonFields.DEFAULTS.seq());
        require(!time.equals(deviceId), "json.time-field", "must differ from json.device-id-field, both are '"
                + time + "'");
        require(!seq.equals(deviceId), "json.seq-field", "must differ from json.device-id-field, both are '"
                + seq + "'");
        require(!seq.equals(time), "json.seq-field", "must differ from json.time-field, both are '" + seq + "'");
        return new JsonFields(deviceId, time, seq);
    }

    private static String fieldName(ConfigSource c, String key, String defaultValue) {
        String value = c.string(key, defaultValue);
        require(value != null && !value.isBlank() && !value.contains(".") && value.strip().equals(value), key,
                "must be a non-empty JSON field name without dots or surrounding spaces, got '" + value + "'");
        return value;
    }
}
