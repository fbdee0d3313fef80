package dev.telemetry.model;

/** Header names on records in {@link Topics#DLQ}. Values are UTF-8 strings. */
public final class DlqHeaders {
    public static final String MQTT_TOPIC = "mqtt.topic";
    /** A stable, machine-readable reason such as {@code INVALID_JSON}. */
    public static final String ERROR_CODE = "error.code";
    /** A human-readable explanation of what was wrong with the payload. */
    public static final String ERROR_MESSAGE = "error.message";
    /** The payload format the gateway tried to decode, e.g. {@code json} or {@code plain}. */
    public static final String FORMAT = "format";
    public static final String GATEWAY_ID = "gateway.id";
    /** Epoch milliseconds when the gateway received the MQTT message. */
    public static final String RECEIVED_AT = "received.at";

    private DlqHeaders() {
    }
}
