package dev.telemetry.model;

/** Where a reading's {@code eventTime} came from. */
public enum TimeSource {
    /** The device put a timestamp in the payload. */
    DEVICE,
    /** The payload had no timestamp; the gateway used the time it received the message. */
    GATEWAY
}
