package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes a payload that is one bare value, the device and metric coming from the topic
 * ({@code sensors/{deviceId}/{metric}}).
 *
 * <p>The payload must be UTF-8 ({@code INVALID_VALUE} otherwise). After trimming whitespace it is
 * read as a decimal number ({@code 21.5}, {@code -3}, {@code 1e3}), then as {@code true} /
 * {@code false} (any case), otherwise as text. Empty is {@code EMPTY_PAYLOAD}; {@code NaN},
 * {@code Infinity}, {@code inf} and numbers that overflow are {@code NON_FINITE_VALUE}. A plain
 * payload carries no time: eventTime is the receipt time, timeSource {@link TimeSource#GATEWAY}.
 *
 * <p>Thread-safe.
 */
public final class PlainDecoder {

    /** The {@code format} of the readings' source and of DLQ records. */
    public static final String FORMAT = "plain";
    static final String DEVICE_ID = "deviceId";
    static final String METRIC = "metric";

    private final TopicTemplate template;
    private final String gatewayId;

    /**
     * @throws IllegalArgumentException when the template lacks {@code {deviceId}} or {@code {metric}}
     */
    public PlainDecoder(TopicTemplate template, String gatewayId) {
        this.template = Objects.requireNonNull(template, "template");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        if (!template.has(DEVICE_ID) || !template.has(METRIC)) {
            throw new IllegalArgumentException("plain topic template '" + template
                    + "' must contain both {deviceId} and {metric}");
        }
    }

    public TopicTemplate template() {
        return template;
    }

    /** Decodes a message whose topic must match this decoder's template ({@code TOPIC_MISMATCH} otherwise). */
    public List<Reading> decode(String mqttTopic, byte[] payload, long receivedAt) throws DecodeException {
        return decode(mqttTopic, template.matchOrReject(mqttTopic), payload, receivedAt);
    }

    /** Decodes a message whose topic has already been matched; {@code topicValues} are its placeholder values. */
    public List<Reading> decode(String mqttTopic, Map<String, String> topicValues, byte[] payload, long receivedAt)
            throws DecodeException {
        String deviceId = topicValues.get(DEVICE_ID);
        try {
            JsonDecoder.validDeviceId(deviceId, "topic level {deviceId}");
            String metric = topicValues.get(METRIC);
            if (!Reading.isValidName(metric)) {
                throw new DecodeException(Code.INVALID_METRIC, "metric name " + Values.quote(metric)
                        + " from topic level {metric} must be 1..200 characters of [A-Za-z0-9._:/-]");
            }
            ReadingValue value = parseValue(metric, payload);
            return List.of(new Reading(deviceId, metric, value, null, receivedAt, TimeSource.GATEWAY, null,
                    receivedAt, new Source(mqttTopic, FORMAT, gatewayId)));
        } catch (DecodeException e) {
            throw Reading.isValidName(deviceId) ? e.withDeviceId(deviceId) : e;
        }
    }

    static ReadingValue parseValue(String metric, byte[] payload) throws DecodeException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException(Code.INVALID_VALUE, "plain payload is not valid UTF-8", e);
        }
        // a byte order mark is not part of the value
        String trimmed = (text.startsWith("\uFEFF") ? text.substring(1) : text).strip();
        if (trimmed.isEmpty()) {
            throw new DecodeException(Code.EMPTY_PAYLOAD, "payload is empty");
        }
        return Values.plain(metric, trimmed);
    }
}
