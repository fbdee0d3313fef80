package dev.telemetry.gateway.mqtt;

/**
 * What happens to MQTT messages, for metrics. Called on the gateway's threads: implementations must
 * be thread-safe, fast and must not throw.
 */
public interface IngestEvents {

    /** Ignores every event. */
    IngestEvents NONE = new IngestEvents() {
    };

    /** A message arrived from the broker. */
    default void received() {
    }

    /** Kafka acknowledged {@code readings} readings of one message in {@code format}; the message was acknowledged. */
    default void published(String format, int readings) {
    }

    /** A message went to the dead-letter topic with reason {@code code} (counted once Kafka has it). */
    default void deadLettered(String code) {
    }

    /** Kafka did not acknowledge a message's records; it was not acknowledged and the broker redelivers it. */
    default void notAcknowledged() {
    }
}
