package dev.telemetry.gateway.mqtt;

/**
 * One MQTT message as received, with what is needed to acknowledge it later.
 *
 * @param topic      the concrete topic it was published to
 * @param payload    the raw payload
 * @param packetId   the MQTT packet identifier (0 for QoS 0)
 * @param qos        the delivery QoS
 * @param connection the connection generation it arrived on (see {@link AckChannel})
 * @param receivedAt epoch ms when the gateway received it
 * @param contentType the MQTT 5 content type property, or null
 */
public record InboundMessage(String topic, byte[] payload, int packetId, int qos, long connection, long receivedAt,
        String contentType) {

    /** A message without content type. */
    public InboundMessage(String topic, byte[] payload, int packetId, int qos, long connection, long receivedAt) {
        this(topic, payload, packetId, qos, connection, receivedAt, null);
    }
}
