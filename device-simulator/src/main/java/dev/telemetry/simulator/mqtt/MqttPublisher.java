package dev.telemetry.simulator.mqtt;

import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.record.MessageRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 5 connection (Paho {@link MqttAsyncClient}) publishing asynchronously with a bounded
 * window of unsettled messages: {@link #publish} takes a permit, the token callback returns it.
 * Failures are counted, never thrown: a simulator keeps going when the broker refuses or drops
 * messages. The connection reconnects automatically (1 s doubling to 120 s) after a loss. Without
 * {@link SessionOptions#resume()}, publishes fail fast meanwhile and are counted as errors. With it,
 * messages refused while the connection is down and QoS 1/2 messages in flight at the loss are
 * queued and published again by this class once the client has reconnected (on a clean session:
 * see {@link SessionOptions} for why not Paho's session or offline buffer).
 */
public final class MqttPublisher implements Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);
    private static final int MAX_INFLIGHT = MqttClientException.REASON_CODE_MAX_INFLIGHT;
    private static final long INFLIGHT_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final ConnectionSettings settings;
    private final SessionOptions session;
    private final MqttAsyncClient client;
    private final String contentType;
    private final boolean jsonPayload;
    private final Deliveries deliveries;
    private final MqttActionListener onOutcome = new Outcome();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder resent = new LongAdder();
    /** Messages lost with a connection, to publish again once reconnected (resume only). */
    private final Queue<PendingMessage> toResend = new ConcurrentLinkedQueue<>();
    private ExecutorService resender;
    private DroppableSocketFactory sockets;

    private MqttPublisher(ConnectionSettings settings, SessionOptions session, MqttAsyncClient client,
            PublishStats stats, MessageRecorder recorder, String contentType, boolean jsonPayload) {
        this.settings = settings;
        this.session = session;
        this.client = client;
        this.contentType = contentType;
        this.jsonPayload = jsonPayload;
        this.deliveries = new Deliveries(settings.clientId(), settings.qos(), contentType, stats, recorder);
    }

    /**
     * Connects with a clean session and returns a publisher ready to publish.
     *
     * @throws MqttException when the broker cannot be reached or refuses the connection
     */
    public static MqttPublisher connect(ConnectionSettings settings, PublishStats stats, MessageRecorder recorder,
            String contentType, boolean jsonPayload) throws MqttException {
        try {
            return connect(settings, SessionOptions.CLEAN_V5, stats, recorder, contentType, jsonPayload);
        } catch (ConnectFailure e) {
            throw (MqttException) e.getCause();
        }
    }

    /** Connects with the given session options; see {@link Publisher#connect}. */
    static MqttPublisher connect(ConnectionSettings settings, SessionOptions session, PublishStats stats,
            MessageRecorder recorder, String contentType, boolean jsonPayload) {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new ConnectFailure(e.getMessage(), e.getReasonCode(), e);
        }
        MqttPublisher publisher = new MqttPublisher(settings, session, client, stats, recorder, contentType,
                jsonPayload);
        client.setCallback(new ConnectionEvents(settings.clientId(), settings.url(), publisher.deliveries::closing,
                publisher::onReconnect, publisher::onAcknowledged));
        if (session.resume()) {
            publisher.resender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "device-simulator-resend-" + settings.clientId());
                t.setDaemon(true);
                return t;
            });
        }
        try {
            IMqttToken connack = client.connect(publisher.options());
            connack.waitForCompletion(settings.connectTimeout().toMillis());
            MqttProperties props = connack.getResponseProperties();
            Integer serverMax = props == null ? null : props.getReceiveMaximum();
            int window = Math.min(settings.maxInFlight(), serverMax == null ? 65_535 : serverMax);
            publisher.deliveries.open(window);
            if (window < settings.maxInFlight()) {
                LOG.info("{}: the broker allows {} unacknowledged messages per connection (MQTT 5 receive maximum),"
                        + " fewer than the {} requested; use more connections for more throughput",
                        settings.clientId(), window, settings.maxInFlight());
            }
            return publisher;
        } catch (MqttException e) {
            closeQuietly(client);
            if (publisher.resender != null) {
                publisher.resender.shutdownNow();
            }
            throw new ConnectFailure(e.getMessage(), e.getReasonCode(), e);
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = settings.toOptions(); // clean start also when resuming: see SessionOptions
        if (session.droppable()) {
            sockets = PahoSessions.droppable(settings.url(), options.getSocketFactory());
            options.setSocketFactory(sockets);
        }
        return options;
    }

    /**
     * Publishes one message (see {@link Publisher#publish}) with the payload format indicator and the
     * content type, the message's own or the connection's default.
     */
    public boolean publish(String topic, byte[] payload, int readings, BooleanSupplier stop)
            throws InterruptedException {
        return publish(topic, new Outgoing(payload, readings, jsonPayload, List.of(), null), stop);
    }

    @Override
    public boolean publish(String topic, Outgoing outgoing, BooleanSupplier stop) throws InterruptedException {
        PendingMessage pending = deliveries.take(topic, outgoing, stop);
        if (pending == null) {
            return false;
        }
        MqttMessage message = message(outgoing);
        while (true) {
            try {
                client.publish(topic, message, pending, onOutcome);
                deliveries.handedOver();
                return true;
            } catch (MqttException e) {
                if (session.resume() && isBetweenLossAndReconnect(e)) {
                    // not Paho's offline buffer: its messages could go missing around a reconnect
                    deliveries.handedOver();
                    queueForResend(pending);
                    return true;
                }
                if (e.getReasonCode() != MAX_INFLIGHT) {
                    deliveries.fail(pending, "publish refused", e);
                    return true;
                }
                if (stop.getAsBoolean()) {
                    deliveries.withdraw(pending);
                    return false;
                }
                // Paho frees its own slot just after our callback returned ours: try again shortly
                LockSupport.parkNanos(INFLIGHT_RETRY_NANOS);
            }
        }
    }

    /** A new message each time: Paho writes the connection's topic alias into its properties. */
    private MqttMessage message(Outgoing outgoing) {
        MqttProperties properties = new MqttProperties();
        String type = outgoing.contentType() == null ? contentType : outgoing.contentType();
        if (type != null) {
            properties.setContentType(type);
        }
        properties.setPayloadFormat(outgoing.json()); // UTF-8 indicator: never for CBOR, protobuf or a cut payload
        return new MqttMessage(outgoing.payload(), settings.qos(), false, properties);
    }

    private void onReconnect() {
        reconnects.increment();
        scheduleResend();
    }

    private void queueForResend(PendingMessage pending) {
        toResend.add(pending);
        if (client.isConnected()) { // reconnected before this message was refused or its failure reported
            scheduleResend();
        }
    }

    private void scheduleResend() {
        if (resender == null || toResend.isEmpty()) {
            return;
        }
        try {
            resender.execute(this::resend);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: closing, {} messages not resent", clientId(), toResend.size());
        }
    }

    /** On the resend thread: publishes the messages lost with the connection, unless it is down again. */
    private void resend() {
        PendingMessage pending;
        while (client.isConnected() && !deliveries.closing() && (pending = toResend.poll()) != null) {
            while (true) {
                try {
                    client.publish(pending.topic, message(pending.message), pending, onOutcome);
                    resent.increment();
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() == MAX_INFLIGHT && !deliveries.closing()) {
                        LockSupport.parkNanos(INFLIGHT_RETRY_NANOS);
                        continue;
                    }
                    if (!client.isConnected()) { // lost again: the next reconnect sends it
                        toResend.add(pending);
                        return;
                    }
                    deliveries.fail(pending, "resend refused", e);
                    break;
                }
            }
        }
    }

    /** Messages published again after a connection loss (MQTT 5 with resume). */
    public long resent() {
        return resent.sum();
    }

    /** Paho refuses publishes while the connection is down (it buffers none for this publisher). */
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
        if (resender != null) {
            resender.shutdownNow();
        }
        try {
            client.disconnect(timeout.toMillis()).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            LOG.debug("{}: clean disconnect failed ({}), closing forcibly", settings.clientId(), e.toString());
            try {
                client.disconnectForcibly(0, timeout.toMillis(), false);
            } catch (MqttException forced) {
                LOG.debug("{}: forced disconnect failed too: {}", settings.clientId(), forced.toString());
            }
        }
        closeQuietly(client);
        return deliveries.failRemaining();
    }

    /** A token completed, on the listener or the callback (resent messages): count it once. */
    private void onAcknowledged(IMqttToken token) {
        if (!(token.getUserContext() instanceof PendingMessage pending) || pending.isSettled()) {
            return;
        }
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            // MQTT 5: the broker acknowledged but refused the message (e.g. 0x87 not authorized)
            deliveries.fail(pending, "broker refused message", new MqttException(codes[0]));
            return;
        }
        deliveries.delivered(pending);
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing MQTT client {} failed: {}", client.getClientId(), e.toString());
        }
    }

    /** Runs on Paho's callback thread: must not throw and must not block. */
    private final class Outcome implements MqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            onAcknowledged(token);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            PendingMessage pending = (PendingMessage) token.getUserContext();
            if (session.resume() && settings.qos() > 0 && !deliveries.closing()
                    && PahoSessions.isConnectionLoss(exception)) {
                LOG.debug("{}: message to {} in flight at a connection loss; publishing it again after reconnecting",
                        clientId(), pending.topic);
                queueForResend(pending);
                return;
            }
            deliveries.fail(pending, "delivery failed", exception);
        }
    }
}
