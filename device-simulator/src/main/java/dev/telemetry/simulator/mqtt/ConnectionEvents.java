package dev.telemetry.simulator.mqtt;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs connection loss and recovery of a publishing connection and reports reconnects and
 * completed deliveries (including those Paho resends after resuming a session) to its publisher;
 * it subscribes to nothing.
 */
final class ConnectionEvents implements MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);

    private final String clientId;
    private final String url;
    private final BooleanSupplier closing;
    private final Runnable onReconnect;
    private final Consumer<IMqttToken> onDelivered;

    ConnectionEvents(String clientId, String url, BooleanSupplier closing, Runnable onReconnect,
            Consumer<IMqttToken> onDelivered) {
        this.clientId = clientId;
        this.url = url;
        this.closing = closing;
        this.onReconnect = onReconnect;
        this.onDelivered = onDelivered;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        if (!closing.getAsBoolean()) {
            LOG.warn("{} lost its connection to {} ({}); reconnecting automatically (1 s doubling to 120 s), "
                    + "publishes fail and count as errors meanwhile, unless the connection resumes (connection drops on)",
                    clientId, url, describe(response));
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (reconnect) {
            LOG.info("{} reconnected to {}", clientId, serverURI);
            onReconnect.run();
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("{}: MQTT error from {}: {}", clientId, url, exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // nothing subscribed; a broker would not send anything
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // usually the per-publish listener settled it already; this catches resent messages too
        onDelivered.accept(token);
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        LOG.debug("{}: AUTH packet with reason code {} ignored", clientId, reasonCode);
    }

    private static String describe(MqttDisconnectResponse response) {
        if (response == null) {
            return "no reason given";
        }
        if (response.getException() != null) {
            return response.getException().toString();
        }
        return "reason code " + response.getReturnCode()
                + (response.getReasonString() == null ? "" : ": " + response.getReasonString());
    }
}
