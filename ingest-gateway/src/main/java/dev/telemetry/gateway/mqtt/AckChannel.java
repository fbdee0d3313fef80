package dev.telemetry.gateway.mqtt;

/**
 * The MQTT side of a message's outcome.
 *
 * <p>Every connection to the broker has a generation number. A packet identifier is only meaningful
 * on the connection it arrived on: after a reconnect the broker redelivers unacknowledged messages
 * (same identifiers) and may reuse freed identifiers for new messages, so an acknowledgement carried
 * over from an older connection could acknowledge the wrong message. Acknowledgements of older
 * generations are therefore dropped; the broker redelivers those messages, and the duplicates are
 * removed downstream.
 */
interface AckChannel {

    /** True when {@code connection} is the current connection generation. */
    boolean isCurrent(long connection);

    /**
     * Acknowledges the message (PUBACK for QoS 1; nothing to send for QoS 0).
     *
     * @return true when the acknowledgement was handed to the client, false when the message belongs
     *         to an older connection or the client refused (then the broker redelivers it)
     */
    boolean ack(InboundMessage message);

    /**
     * The message's records could not be written: do not acknowledge it, and make sure the broker
     * delivers it again. Never throws.
     */
    void redeliver(InboundMessage message, Throwable cause);
}
