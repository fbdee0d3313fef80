package dev.telemetry.simulator.mqtt;

import dev.telemetry.net.NoDelaySocketFactory;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.MqttClientException;

/** What both Paho clients need to resume after a connection loss and to be dropped on purpose. */
final class PahoSessions {

    /** Paho's "connection lost" (the same code in its MQTT 3 and 5 clients). */
    static final int CONNECTION_LOST = MqttClientException.REASON_CODE_CONNECTION_LOST;

    /** Paho's "client is not connected" (the same code in both clients). */
    static final int NOT_CONNECTED = MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED;

    private PahoSessions() {
    }

    /**
     * Buffers publishes made while the MQTT 3.1.1 client reconnects instead of refusing them; the size
     * matches the publisher's window, which already bounds the messages that can be waiting.
     */
    static org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions bufferV3(int size) {
        org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions buffer =
                new org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(size);
        buffer.setPersistBuffer(false);
        buffer.setDeleteOldestMessages(false);
        return buffer;
    }

    /** A socket factory whose current socket can be closed under the client (tcp:// only). */
    static DroppableSocketFactory droppable(String url, SocketFactory configured) {
        if (!url.startsWith("tcp://")) {
            throw new IllegalArgumentException("connection drops (--connection-drops) need a tcp:// broker URL: the"
                    + " simulator closes the TCP socket under the client, got " + url);
        }
        return new DroppableSocketFactory(configured == null ? new NoDelaySocketFactory() : configured);
    }

    /** Whether a failed delivery failed because the connection went away (so a session may resend it). */
    static boolean isConnectionLoss(Throwable failure) {
        if (failure instanceof org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode() == CONNECTION_LOST;
        }
        if (failure instanceof org.eclipse.paho.client.mqttv3.MqttException e) {
            return e.getReasonCode() == CONNECTION_LOST;
        }
        return false;
    }
}
