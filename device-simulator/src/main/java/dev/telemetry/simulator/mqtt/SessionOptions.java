package dev.telemetry.simulator.mqtt;

/**
 * What a publisher's connection does about connection losses; kept apart from
 * {@link ConnectionSettings} (where and who) because it is about the protocol, not the endpoint.
 *
 * @param mqttVersion 3 (MQTT 3.1.1) or 5
 * @param resume      false: messages unconfirmed at a connection loss are errors, and publishes fail
 *                    while the client reconnects. True: publishes made while reconnecting wait, and
 *                    QoS 1/2 messages in flight at the loss are sent again after reconnecting (they may
 *                    arrive twice, never zero times). MQTT 3.1.1 resumes its session (clean session off,
 *                    Paho's offline buffer; the publisher discards the session with a clean connect when
 *                    it closes). MQTT 5 starts clean and the publisher itself queues and publishes them
 *                    again, because Paho 1.2.5 resends a resumed session's messages with a topic alias of
 *                    the previous connection, which the broker rejects as a protocol error
 *                    (eclipse-paho/paho.mqtt.java#1104); with Paho's offline buffer, one message around
 *                    a reconnect was never completed in a {@code SimulatorDropsIT} run
 * @param droppable   whether {@link Publisher#dropConnection()} is possible: the publisher keeps hold
 *                    of its socket (tcp:// only)
 */
public record SessionOptions(int mqttVersion, boolean resume, boolean droppable) {

    /** MQTT 5, nothing survives a connection loss, no drops: what a run without connection faults uses. */
    public static final SessionOptions CLEAN_V5 = new SessionOptions(5, false, false);

    public SessionOptions {
        if (mqttVersion != 3 && mqttVersion != 5) {
            throw new IllegalArgumentException("mqttVersion (--mqtt-version) must be 3 or 5, got " + mqttVersion);
        }
        if (droppable && !resume) {
            throw new IllegalArgumentException("a droppable connection must resume after a drop, or every drop"
                    + " would lose the messages in flight");
        }
    }

    /** The options a run uses: resuming and droppable exactly when connection drops are injected. */
    public static SessionOptions of(int mqttVersion, boolean connectionDrops) {
        return new SessionOptions(mqttVersion, connectionDrops, connectionDrops);
    }
}
