package dev.telemetry.simulator.mqtt;

import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 callback for subscribers that only care about arriving messages (Paho has no adapter
 * class): every other callback does nothing.
 */
public final class OnMessage implements MqttCallback {

    private final BiConsumer<String, MqttMessage> handler;

    private OnMessage(BiConsumer<String, MqttMessage> handler) {
        this.handler = handler;
    }

    /** A callback that passes each arriving message to {@code handler}, which must not throw. */
    public static MqttCallback of(BiConsumer<String, MqttMessage> handler) {
        return new OnMessage(handler);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        handler.accept(topic, message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        // the caller notices when messages stop
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        // as above
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // subscribers only
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // nothing to do
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
