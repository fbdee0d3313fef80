package dev.telemetry.simulator.mqtt;

import dev.telemetry.simulator.fault.Outgoing;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One MQTT connection that publishes asynchronously with a bounded window of unsettled messages,
 * whatever the protocol version ({@link MqttPublisher} for MQTT 5, {@link Mqtt3Publisher} for
 * 3.1.1). Failures are counted in {@link PublishStats}, never thrown.
 */
public interface Publisher {

    /**
     * Publishes one message, waiting for a free slot in the window first. Returns false without
     * publishing when {@code stop} turns true while waiting; every other outcome (including
     * failures, which are counted) returns true.
     *
     * @param topic where it goes (a message's own topic is ignored)
     */
    boolean publish(String topic, Outgoing outgoing, BooleanSupplier stop) throws InterruptedException;

    /** Unsettled messages on this connection. */
    int inFlight();

    /** Waits until every published message is settled; false on timeout. */
    boolean awaitSettled(Duration timeout) throws InterruptedException;

    /**
     * Cuts the connection without a DISCONNECT packet, as a network failure would (the socket is
     * closed under the client), so that the client reconnects and resumes its session. Returns
     * false, doing nothing, while the connection is down anyway.
     *
     * @throws UnsupportedOperationException when the connection was not opened with
     *                                       {@link SessionOptions#droppable()}
     */
    boolean dropConnection();

    /** How often this connection reconnected after a loss (injected or real). */
    long reconnects();

    /** The MQTT client id. */
    String clientId();

    /**
     * Disconnects (waiting up to {@code timeout} for the broker), closes the client and counts
     * every message still unsettled as an error. Returns how many messages failed that way.
     */
    long close(Duration timeout);

    /**
     * Connects one publisher of the given MQTT version.
     *
     * @param recorder    receives every delivered message, or null
     * @param contentType the MQTT 5 content type of messages that do not name their own, or null
     *                    (MQTT 3.1.1 has no properties: ignored there)
     * @param jsonPayload whether payloads are JSON (for the recording)
     * @throws ConnectFailure when the broker cannot be reached or refuses the connection
     */
    static Publisher connect(ConnectionSettings settings, SessionOptions session, PublishStats stats,
            dev.telemetry.simulator.record.MessageRecorder recorder, String contentType, boolean jsonPayload) {
        return session.mqttVersion() == 3
                ? Mqtt3Publisher.connect(settings, session, stats, recorder, jsonPayload)
                : MqttPublisher.connect(settings, session, stats, recorder, contentType, jsonPayload);
    }

    /** The broker could not be reached or refused the connection; the message and cause say why. */
    final class ConnectFailure extends RuntimeException {
        private final int reasonCode;

        public ConnectFailure(String message, int reasonCode, Throwable cause) {
            super(message, cause);
            this.reasonCode = reasonCode;
        }

        /** Paho's reason code (MQTT 5 CONNACK reason or a client-side code such as 32103). */
        public int reasonCode() {
            return reasonCode;
        }
    }
}
