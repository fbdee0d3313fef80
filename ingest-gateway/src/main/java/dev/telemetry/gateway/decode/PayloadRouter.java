package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.normalize.Units;
import dev.telemetry.model.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the decoder of each message.
 *
 * <p><b>Subscriptions</b> ({@link #of}): the first route whose filter matches the topic decides the
 * format; a route of format {@code auto} takes it from the message's MQTT 5 content type
 * ({@code application/json}, {@code text/plain}, {@code application/senml+json},
 * {@code application/senml+cbor}), or uses Sparkplug B for {@code spBv1.0/...} topics without one.
 * The route's topic template then gives the device id (and metric). A route with an explicit
 * format ignores the content type: the configuration wins over what a publisher claims.
 *
 * <p><b>Templates only</b> (the constructor, the configuration without {@code subscriptions}): a
 * topic matching the JSON template is JSON, one matching the plain template is plain; the two
 * templates must not overlap, so the choice never depends on order; content types are ignored.
 *
 * <p>Either way a topic no route takes is {@code TOPIC_MISMATCH}, and a payload larger than the
 * maximum is {@code PAYLOAD_TOO_LARGE} before any parsing. A decoded message is then held to the
 * other {@link DecodeLimits} (readings per message, id and name lengths, device id pattern and path
 * rule, text length), each with its own reason. Thread-safe; {@link #decode} never throws for bad
 * input (fuzzed: docs/security.md).
 */
public final class PayloadRouter {

    /** The format recorded for a message whose topic matched no template. */
    public static final String UNKNOWN_FORMAT = "unknown";

    /** Decodes a message whose topic matched a route; the values are those of the route's template. */
    @FunctionalInterface
    private interface FormatDecoder {
        DecodeResult decode(String topic, Map<String, String> topicValues, byte[] payload, long receivedAt);
    }

    /** A route with the decoder of each format it can use. */
    private record Binding(Route route, Map<String, FormatDecoder> decoders) {
    }

    private final List<Binding> bindings;
    private final boolean contentTypes;
    private final DecodeLimits limits;

    private PayloadRouter(List<Binding> bindings, boolean contentTypes, DecodeLimits limits) {
        this.bindings = List.copyOf(bindings);
        this.contentTypes = contentTypes;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    private static DecodeLimits limits(int maxPayloadBytes) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        return DecodeLimits.DEFAULTS.withMaxPayloadBytes(maxPayloadBytes);
    }

    /**
     * Routes by the two templates.
     *
     * @throws IllegalArgumentException when the templates overlap or the limit is not positive
     */
    public PayloadRouter(JsonDecoder json, PlainDecoder plain, int maxPayloadBytes) {
        this(json, plain, limits(maxPayloadBytes));
    }

    /** Routes by the two templates, with the given limits. */
    public PayloadRouter(JsonDecoder json, PlainDecoder plain, DecodeLimits limits) {
        this(templateBindings(json, plain), false, limits);
    }

    private static List<Binding> templateBindings(JsonDecoder json, PlainDecoder plain) {
        if (json.template().overlaps(plain.template())) {
            throw new IllegalArgumentException("the JSON topic template '" + json.template()
                    + "' and the plain topic template '" + plain.template() + "' overlap: a topic could match both");
        }
        return List.of(
                new Binding(new Route("json", filterOf(json.template()), JsonDecoder.FORMAT, json.template()),
                        Map.of(JsonDecoder.FORMAT, wrap(JsonDecoder.FORMAT, json::decode))),
                new Binding(new Route("plain", filterOf(plain.template()), PlainDecoder.FORMAT, plain.template()),
                        Map.of(PlainDecoder.FORMAT, wrap(PlainDecoder.FORMAT, plain::decode))));
    }

    /**
     * Routes by subscriptions, in order.
     *
     * @param jsonFields      field names of the JSON format
     * @param sparkplugStrict reject tolerated Sparkplug deviations (see {@link SparkplugDecoder})
     */
    public static PayloadRouter of(List<Route> routes, String gatewayId, JsonFields jsonFields,
            boolean sparkplugStrict, int maxPayloadBytes) {
        return of(routes, gatewayId, jsonFields, new SparkplugDecoder(gatewayId, sparkplugStrict), maxPayloadBytes);
    }

    /** Routes by subscriptions, with the given Sparkplug decoder (and its session store). */
    public static PayloadRouter of(List<Route> routes, String gatewayId, JsonFields jsonFields,
            SparkplugDecoder sparkplug, int maxPayloadBytes) {
        return of(routes, gatewayId, jsonFields, sparkplug, limits(maxPayloadBytes));
    }

    /** Routes by subscriptions, with the given Sparkplug decoder and limits. */
    public static PayloadRouter of(List<Route> routes, String gatewayId, JsonFields jsonFields,
            SparkplugDecoder sparkplug, DecodeLimits limits) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("at least one route is needed");
        }
        List<Binding> bindings = new ArrayList<>();
        for (Route r : routes) {
            Map<String, FormatDecoder> decoders = new LinkedHashMap<>();
            TopicTemplate t = r.template();
            boolean auto = r.format().equals(Route.AUTO);
            if (t != null && (auto || r.format().equals(JsonDecoder.FORMAT))) {
                decoders.put(JsonDecoder.FORMAT, wrap(JsonDecoder.FORMAT,
                        new JsonDecoder(t, gatewayId, jsonFields, limits)::decode));
            }
            if (t != null && t.has("deviceId") && t.has("metric") && (auto || r.format().equals(PlainDecoder.FORMAT))) {
                decoders.put(PlainDecoder.FORMAT, wrap(PlainDecoder.FORMAT, new PlainDecoder(t, gatewayId)::decode));
            }
            if (t != null && (auto || r.format().equals(SenmlDecoder.FORMAT_JSON))) {
                decoders.put(SenmlDecoder.FORMAT_JSON, wrap(SenmlDecoder.FORMAT_JSON,
                        SenmlDecoder.json(t, gatewayId)::decode));
            }
            if (t != null && (auto || r.format().equals(SenmlDecoder.FORMAT_CBOR))) {
                decoders.put(SenmlDecoder.FORMAT_CBOR, wrap(SenmlDecoder.FORMAT_CBOR,
                        SenmlDecoder.cbor(t, gatewayId)::decode));
            }
            if (auto || r.format().equals(SparkplugDecoder.FORMAT)) {
                // one decoder for every route: an edge node's session must be seen whole
                decoders.put(SparkplugDecoder.FORMAT, (topic, values, payload, at) -> sparkplug.decode(topic, payload,
                        at));
            }
            bindings.add(new Binding(r, decoders));
        }
        return new PayloadRouter(bindings, true, limits);
    }

    public int maxPayloadBytes() {
        return limits.maxPayloadBytes();
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Decodes one message without a content type. Never throws for a bad topic or payload. */
    public DecodeResult decode(String mqttTopic, byte[] payload, long receivedAt) {
        return decode(mqttTopic, null, payload, receivedAt);
    }

    /**
     * Decodes one message. Never throws for a bad topic or payload: that is a {@link DecodeResult.Failure}.
     *
     * @param contentType the MQTT 5 content type, or null
     */
    public DecodeResult decode(String mqttTopic, String contentType, byte[] payload, long receivedAt) {
        for (Binding b : bindings) {
            if (b.route().matches(mqttTopic)) {
                return decode(b, mqttTopic, contentType, payload, receivedAt);
            }
        }
        return new DecodeResult.Failure(UNKNOWN_FORMAT, new DecodeException(Code.TOPIC_MISMATCH, "topic "
                + Values.quote(mqttTopic) + " matches no " + (contentTypes ? "subscription" : "topic template")
                + ": " + describeRoutes()));
    }

    private DecodeResult decode(Binding b, String topic, String contentType, byte[] payload, long receivedAt) {
        Route route = b.route();
        String format = route.format();
        if (format.equals(Route.AUTO)) {
            format = Route.formatOfContentType(contentType);
            if (format == null && SparkplugDecoder.handles(topic)) {
                format = SparkplugDecoder.FORMAT;
            }
            if (format == null) {
                return new DecodeResult.Failure(UNKNOWN_FORMAT, new DecodeException(Code.UNSUPPORTED_FORMAT,
                        "subscription '" + route.name() + "' takes the format from the MQTT 5 content type, and "
                                + (contentType == null ? "the message has none" : "'" + Values.quote(contentType)
                                + "' is not application/json, text/plain, application/senml+json or"
                                + " application/senml+cbor")));
            }
        }
        FormatDecoder decoder = b.decoders().get(format);
        if (decoder == null) {
            return new DecodeResult.Failure(format, new DecodeException(Code.UNSUPPORTED_FORMAT, "subscription '"
                    + route.name() + "' cannot decode " + format + " (plain needs {deviceId} and {metric} in the"
                    + " topic template " + route.template() + ")"));
        }
        Map<String, String> values = Map.of();
        if (route.template() != null && !format.equals(SparkplugDecoder.FORMAT)) {
            Optional<Map<String, String>> matched = route.template().match(topic);
            if (matched.isEmpty()) {
                return new DecodeResult.Failure(format, new DecodeException(Code.TOPIC_MISMATCH, "topic "
                        + Values.quote(topic) + " matches the filter of subscription '" + route.name()
                        + "' but not its topic template " + route.template()));
            }
            values = matched.get();
        }
        if (payload.length > limits.maxPayloadBytes()) {
            DecodeException e = new DecodeException(Code.PAYLOAD_TOO_LARGE, "payload has " + payload.length
                    + " bytes, more than the maximum of " + limits.maxPayloadBytes() + " (mqtt.max-payload-bytes)");
            String device = values.get(JsonDecoder.DEVICE_ID);
            return new DecodeResult.Failure(format, Reading.isValidName(device) ? e.withDeviceId(device) : e);
        }
        DecodeResult result = decoder.decode(topic, values, payload, receivedAt);
        if (!(result instanceof DecodeResult.Success ok)) {
            return result;
        }
        try {
            limits.check(ok.readings(), ok.events());
        } catch (DecodeException e) {
            String device = e.deviceId().orElse(values.get(JsonDecoder.DEVICE_ID));
            return new DecodeResult.Failure(ok.format(), Reading.isValidName(device) ? e.withDeviceId(device) : e);
        }
        // one canonical unit per quantity (docs: ingest-gateway README, Units)
        return new DecodeResult.Success(ok.format(), Units.normalize(ok.readings()), ok.events(), ok.notes());
    }

    private String describeRoutes() {
        StringBuilder out = new StringBuilder();
        for (Binding b : bindings) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(contentTypes ? b.route().filter() + " (" + b.route().format() + ")"
                    : b.route().format() + " " + b.route().template());
        }
        return out.toString();
    }

    /** A template as a filter: each placeholder level becomes {@code +}. */
    private static String filterOf(TopicTemplate template) {
        String[] levels = template.toString().split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].startsWith("{")) {
                levels[i] = "+";
            }
        }
        return String.join("/", levels);
    }

    @FunctionalInterface
    private interface ThrowingDecoder {
        List<Reading> decode(String topic, Map<String, String> topicValues, byte[] payload, long receivedAt)
                throws DecodeException;
    }

    private static FormatDecoder wrap(String format, ThrowingDecoder decoder) {
        return (topic, values, payload, receivedAt) -> {
            try {
                return new DecodeResult.Success(format, decoder.decode(topic, values, payload, receivedAt));
            } catch (DecodeException e) {
                return new DecodeResult.Failure(format, e);
            }
        };
    }
}
