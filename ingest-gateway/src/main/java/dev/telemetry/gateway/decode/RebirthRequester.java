package dev.telemetry.gateway.decode;

/**
 * Sends a Sparkplug B rebirth request (an NCMD with {@code Node Control/Rebirth = true}) to an edge
 * node. The MQTT adapter implements it by publishing; it must not block and must not throw.
 */
@FunctionalInterface
public interface RebirthRequester {

    /** Requests nothing: data before birth is only dead-lettered. */
    RebirthRequester NONE = (topic, payload) -> { };

    /**
     * @param mqttTopic {@code spBv1.0/<group>/NCMD/<edge node>}
     * @param payload   the encoded Sparkplug B payload
     */
    void send(String mqttTopic, byte[] payload);
}
