package dev.telemetry.gateway.decode;

import java.util.Optional;

/**
 * A payload that cannot become canonical readings. It goes to the dead-letter topic with
 * {@link #code()} as the {@code error.code} header and {@link #getMessage()} as
 * {@code error.message}, and the MQTT message is then acknowledged.
 *
 * <p>Decode failures are expected, data-driven events (one per bad payload), so this exception
 * does not capture a stack trace.
 */
public final class DecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Stable, machine-readable reasons, written to the {@code error.code} DLQ header. */
    public enum Code {
        /** The payload is empty (or only whitespace). */
        EMPTY_PAYLOAD,
        /** The payload is larger than {@code mqtt.max-payload-bytes}; the DLQ copy is truncated. */
        PAYLOAD_TOO_LARGE,
        /** The topic matches no subscription (or template), or a subscription's filter but not its template. */
        TOPIC_MISMATCH,
        /**
         * The format cannot be decided or used: an {@code auto} subscription and a message without a
         * known MQTT 5 content type, or a format the subscription's topic template cannot serve.
         */
        UNSUPPORTED_FORMAT,
        /** The payload is not well-formed JSON (syntax, duplicate field, trailing data, limits). */
        INVALID_JSON,
        /** The JSON payload is not an object or an array of objects (a string, a number, null, [1]). */
        NOT_AN_OBJECT,
        /** The JSON object has no metric fields, only reserved ones. */
        NO_METRICS,
        /** A value cannot be read: null, or a plain payload that is not valid UTF-8. */
        INVALID_VALUE,
        /** A value of a kind the format does not carry, e.g. an array as a JSON metric value. */
        UNSUPPORTED_VALUE,
        /** Two fields of one message resolve to the same metric name (e.g. {@code "a.b"} and {@code {"a":{"b":..}}}). */
        DUPLICATE_METRIC,
        /** A numeric value is NaN or infinite (also the texts "NaN", "Infinity", "inf"). */
        NON_FINITE_VALUE,
        /** CBOR that cannot be parsed (syntax, duplicate keys, trailing data). */
        INVALID_CBOR,
        /**
         * A SenML pack that breaks RFC 8428: not an array of records, a field of the wrong type, two
         * value fields in one record, a resolved name outside the RFC alphabet, versions that differ.
         */
        INVALID_SENML,
        /** A SenML pack whose version ({@code bver}) is newer than 10, the version of RFC 8428. */
        UNSUPPORTED_SENML_VERSION,
        /** A SenML field whose label ends with {@code _}: it must be understood, and this gateway does not. */
        UNSUPPORTED_SENML_FIELD,
        /** A topic under {@code spBv1.0/} that is not {@code spBv1.0/<group>/<type>/<edge node>[/<device>]}. */
        INVALID_SPARKPLUG_TOPIC,
        /** A Sparkplug B payload that is not a valid protobuf Payload, or a metric that cannot be decoded. */
        INVALID_SPARKPLUG_PAYLOAD,
        /** Sparkplug data (or a DBIRTH / DDEATH) from an edge node or device that has not sent its birth. */
        SPARKPLUG_NOT_BORN,
        /** A Sparkplug metric sent by alias only, whose alias no birth of the session defined. */
        SPARKPLUG_UNKNOWN_ALIAS,
        /** An NDEATH whose bdSeq is not the one of the edge node's current session (a late will). */
        SPARKPLUG_STALE_DEATH,
        /** An NBIRTH of a new edge node while {@code sparkplug.max-edge-nodes} live sessions are kept. */
        SPARKPLUG_TOO_MANY_NODES,
        /** With {@code sparkplug.strict}: a payload that breaks a rule the decoder would otherwise tolerate. */
        SPARKPLUG_NONCONFORMANT,
        /** {@code ts} is not an epoch number or an ISO-8601 date-time with offset, negative, or after year 9999. */
        INVALID_TIMESTAMP,
        /** {@code seq} is not a non-negative integer. */
        INVALID_SEQ,
        /** No device id, or one that is not 1..200 characters of {@code [A-Za-z0-9._:/-]}. */
        INVALID_DEVICE_ID,
        /** A metric name that is not 1..200 characters of {@code [A-Za-z0-9._:/-]}. */
        INVALID_METRIC,
        /** More readings from one message than {@code limits.max-readings-per-message}. */
        TOO_MANY_READINGS,
        /** A device id longer than {@code limits.max-device-id-length}. */
        DEVICE_ID_TOO_LONG,
        /** A device id that does not match {@code limits.device-id-pattern}. */
        DEVICE_ID_NOT_ALLOWED,
        /** A metric name longer than {@code limits.max-metric-name-length}. */
        METRIC_NAME_TOO_LONG,
        /** A text value longer than {@code limits.max-string-value-length} characters. */
        STRING_VALUE_TOO_LONG,
        /** Kafka rejected the record as too large for the topic or the producer. */
        RECORD_TOO_LARGE,
        /** A bug in the gateway while handling the message; the payload is kept in the DLQ. */
        INTERNAL_ERROR
    }

    private final Code code;
    private final String deviceId;

    public DecodeException(Code code, String message) {
        this(code, message, null, null);
    }

    public DecodeException(Code code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    private DecodeException(Code code, String message, Throwable cause, String deviceId) {
        super(message, cause, false, false);
        this.code = code;
        this.deviceId = deviceId;
    }

    /** The stable reason code. */
    public Code code() {
        return code;
    }

    /** The device the payload belongs to, when it could be determined (it keys the DLQ record). */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    /** The same failure, attributed to {@code deviceId} (null leaves it unknown). */
    public DecodeException withDeviceId(String deviceId) {
        return new DecodeException(code, getMessage(), getCause(), deviceId);
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
