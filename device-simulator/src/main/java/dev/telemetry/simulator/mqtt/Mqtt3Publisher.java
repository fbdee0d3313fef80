package dev.telemetry.simulator.mqtt;

import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.record.MessageRecorder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 3.1.1 connection (Paho's {@code mqttv3} client), otherwise like {@link MqttPublisher}:
 * the same payloads, QoS, window and counting. MQTT 3.1.1 has no properties, so no content type
 * or payload format indicator travels with a message: the gateway must pick the decoder from the
 * subscription (a {@code format=auto} subscription falls back to sniffing the payload), and the
 * window is only the client's own limit ({@code --max-in-flight}), as the broker announces none.
 */
public final class Mqtt3Publisher implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt3Publisher.class);
    private static final long INFLIGHT_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final ConnectionSettings settings;
    private final SessionOptions session;
    private final MqttAsyncClient client;
    private final Deliveries deliveries;
    private final IMqttActionListener onOutcome = new Outcome();
    private final LongAdder reconnects = new LongAdder();
    private DroppableSocketFactory sockets;

    private Mqtt3Publisher(ConnectionSettings settings, SessionOptions session, MqttAsyncClient client,
            PublishStats stats, MessageRecorder recorder) {
        this.settings = settings;
        this.session = session;
        this.client = client;
        this.deliveries = new Deliveries(settings.clientId(), settings.qos(), null, stats, recorder);
    }

    /** Connects; see {@link Publisher#connect}. */
    static Mqtt3Publisher connect(ConnectionSettings settings, SessionOptions session, PublishStats stats,
            MessageRecorder recorder, boolean jsonPayload) {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new ConnectFailure(e.getMessage(), e.getReasonCode(), e);
        }
        Mqtt3Publisher publisher = new Mqtt3Publisher(settings, session, client, stats, recorder);
        client.setCallback(publisher.new Events());
        try {
            client.connect(publisher.options()).waitForCompletion(settings.connectTimeout().toMillis());
            publisher.deliveries.open(settings.maxInFlight());
            if (session.resume()) {
                client.setBufferOpts(PahoSessions.bufferV3(settings.maxInFlight()));
            }
            return publisher;
        } catch (MqttException e) {
            closeQuietly(client);
            throw new ConnectFailure(e.getMessage(), e.getReasonCode(), e);
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = settings.toV3Options();
        options.setCleanSession(!session.resume());
        if (session.droppable()) {
            sockets = PahoSessions.droppable(settings.url(), options.getSocketFactory());
            options.setSocketFactory(sockets);
        }
        return options;
    }

    @Override
    public boolean publish(String topic, Outgoing outgoing, BooleanSupplier stop) throws InterruptedException {
        PendingMessage pending = deliveries.take(topic, outgoing, stop);
        if (pending == null) {
            return false;
        }
        MqttMessage message = new MqttMessage(outgoing.payload());
        message.setQos(settings.qos());
        while (true) {
            try {
                client.publish(topic, message, pending, onOutcome);
                deliveries.handedOver();
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT && !(session.resume() && isBetweenLossAndReconnect(e))) {
                    deliveries.fail(pending, "publish refused", e);
                    return true;
                }
                if (stop.getAsBoolean()) {
                    deliveries.withdraw(pending);
                    return false;
                }
                LockSupport.parkNanos(INFLIGHT_RETRY_NANOS);
            }
        }
    }

    /**
     * Paho refuses publishes for a moment after a loss, before it starts buffering them: wait that
     * out like a full window.
     */
    private static boolean isBetweenLossAndReconnect(MqttException e) {
        return e.getReasonCode() == PahoSessions.NOT_CONNECTED;
    }

    @Override
    public int inFlight() {
        return deliveries.inFlight();
    }

    @Override
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return deliveries.awaitSettled(timeout);
    }

    @Override
    public boolean dropConnection() {
        if (sockets == null) {
            throw new UnsupportedOperationException(settings.clientId() + " was not opened droppable");
        }
        return client.isConnected() && sockets.drop();
    }

    @Override
    public long reconnects() {
        return reconnects.sum();
    }

    @Override
    public String clientId() {
        return settings.clientId();
    }

    @Override
    public long close(Duration timeout) {
        deliveries.startClosing();
        try {
            client.disconnect(timeout.toMillis()).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            LOG.debug("{}: clean disconnect failed ({}), closing forcibly", settings.clientId(), e.toString());
            try {
                client.disconnectForcibly(0, timeout.toMillis());
            } catch (MqttException forced) {
                LOG.debug("{}: forced disconnect failed too: {}", settings.clientId(), forced.toString());
            }
        }
        long failed = deliveries.failRemaining();
        if (session.resume()) {
            discardSession();
        }
        closeQuietly(client);
        return failed;
    }

    /** MQTT 3.1.1 sessions do not expire: connect once cleanly so the broker forgets this one. */
    private void discardSession() {
        MqttConnectOptions clean = settings.toV3Options();
        clean.setAutomaticReconnect(false);
        try {
            client.connect(clean).waitForCompletion(settings.connectTimeout().toMillis());
            client.disconnect().waitForCompletion(settings.connectTimeout().toMillis());
        } catch (MqttException e) {
            LOG.debug("{}: could not discard the session on the broker: {}", clientId(), e.toString());
        }
    }

    private void onAcknowledged(IMqttToken token) {
        if (token.getUserContext() instanceof PendingMessage pending) {
            deliveries.delivered(pending);
        }
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing MQTT client {} failed: {}", client.getClientId(), e.toString());
        }
    }

    /** Runs on Paho's callback thread: must not throw and must not block. */
    private final class Outcome implements IMqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            onAcknowledged(token);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            PendingMessage pending = (PendingMessage) token.getUserContext();
            if (session.resume() && settings.qos() > 0 && !deliveries.closing()
                    && PahoSessions.isConnectionLoss(exception)) {
                LOG.debug("{}: message to {} in flight at a connection loss; awaiting its resend", clientId(),
                        pending.topic);
                return;
            }
            deliveries.fail(pending, "delivery failed", exception);
        }
    }

    /** Connection loss and recovery, and deliveries completed after a resend. */
    private final class Events implements MqttCallbackExtended {
        @Override
        public void connectionLost(Throwable cause) {
            if (!deliveries.closing()) {
                LOG.warn("{} lost its connection to {} ({}); reconnecting automatically (1 s doubling to 120 s)",
                        clientId(), settings.url(), cause == null ? "no reason given" : cause.toString());
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect && !deliveries.closing()) { // not the clean connect of discardSession()
                LOG.info("{} reconnected to {}", clientId(), serverURI);
                reconnects.increment();
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // nothing subscribed
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            onAcknowledged(token);
        }
    }
}
