package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.Reading;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the decoder by topic: a topic matching the JSON template is decoded as JSON, one matching
 * the plain template as a plain value, anything else is {@code TOPIC_MISMATCH}. Payloads larger
 * than the configured maximum are {@code PAYLOAD_TOO_LARGE} before any parsing.
 *
 * <p>The two templates must not overlap (checked here), so the choice never depends on order.
 * Thread-safe; {@link #decode} never throws for bad input.
 */
public final class PayloadRouter {

    /** The format recorded for a message whose topic matched no template. */
    public static final String UNKNOWN_FORMAT = "unknown";

    private final JsonDecoder json;
    private final PlainDecoder plain;
    private final int maxPayloadBytes;

    /**
     * @throws IllegalArgumentException when the templates overlap or the limit is not positive
     */
    public PayloadRouter(JsonDecoder json, PlainDecoder plain, int maxPayloadBytes) {
        if (json.template().overlaps(plain.template())) {
            throw new IllegalArgumentException("the JSON topic template '" + json.template()
                    + "' and the plain topic template '" + plain.template() + "' overlap: a topic could match both");
        }
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        this.json = json;
        this.plain = plain;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Decodes one message. Never throws for a bad topic or payload: that is a {@link DecodeResult.Failure}. */
    public DecodeResult decode(String mqttTopic, byte[] payload, long receivedAt) {
        Optional<Map<String, String>> values = json.template().match(mqttTopic);
        if (values.isPresent()) {
            return run(JsonDecoder.FORMAT, values.get(), payload, () ->
                    json.decode(mqttTopic, values.get(), payload, receivedAt));
        }
        Optional<Map<String, String>> plainValues = plain.template().match(mqttTopic);
        if (plainValues.isPresent()) {
            return run(PlainDecoder.FORMAT, plainValues.get(), payload, () ->
                    plain.decode(mqttTopic, plainValues.get(), payload, receivedAt));
        }
        return new DecodeResult.Failure(UNKNOWN_FORMAT, new DecodeException(Code.TOPIC_MISMATCH, "topic "
                + Values.quote(mqttTopic) + " matches neither the JSON template " + json.template()
                + " nor the plain template " + plain.template()));
    }

    private DecodeResult run(String format, Map<String, String> topicValues, byte[] payload, Decoding decoding) {
        if (payload.length > maxPayloadBytes) {
            DecodeException e = new DecodeException(Code.PAYLOAD_TOO_LARGE, "payload has " + payload.length
                    + " bytes, more than the maximum of " + maxPayloadBytes + " (mqtt.max-payload-bytes)");
            String device = topicValues.get(JsonDecoder.DEVICE_ID);
            return new DecodeResult.Failure(format, Reading.isValidName(device) ? e.withDeviceId(device) : e);
        }
        try {
            return new DecodeResult.Success(format, decoding.decode());
        } catch (DecodeException e) {
            return new DecodeResult.Failure(format, e);
        }
    }

    @FunctionalInterface
    private interface Decoding {
        List<Reading> decode() throws DecodeException;
    }
}
