package dev.telemetry.simulator.mqtt;

import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.record.MessageRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
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
 * messages. The connection reconnects automatically (1 s doubling to 120 s) after a loss; while
 * it is down publishes fail fast and are counted as errors.
 */
public final class MqttPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);
    private static final int MAX_INFLIGHT = MqttClientException.REASON_CODE_MAX_INFLIGHT;
    private static final long WINDOW_POLL_MS = 100;
    private static final long INFLIGHT_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final ConnectionSettings settings;
    private final MqttAsyncClient client;
    private final PublishStats stats;
    private final MessageRecorder recorder;
    private final String contentType;
    private final boolean jsonPayload;
    private final Set<PendingMessage> outstanding = ConcurrentHashMap.newKeySet();
    private final ErrorLog errorLog;
    private final MqttActionListener onOutcome = new Outcome();
    private final LongAdder failedWhileClosing = new LongAdder();
    private volatile boolean closing;
    private Semaphore window;
    private int windowSize;

    private MqttPublisher(ConnectionSettings settings, MqttAsyncClient client, PublishStats stats,
            MessageRecorder recorder, String contentType, boolean jsonPayload) {
        this.settings = settings;
        this.client = client;
        this.stats = stats;
        this.recorder = recorder;
        this.contentType = contentType;
        this.jsonPayload = jsonPayload;
        this.errorLog = new ErrorLog(LOG, settings.clientId());
    }

    /**
     * Connects and returns a publisher ready to publish.
     *
     * @param recorder    receives every delivered message, or null
     * @param contentType the MQTT 5 content type of messages that do not name their own, or null for none
     * @param jsonPayload whether payloads are JSON (for the recording)
     * @throws MqttException when the broker cannot be reached or refuses the connection
     */
    public static MqttPublisher connect(ConnectionSettings settings, PublishStats stats, MessageRecorder recorder,
            String contentType, boolean jsonPayload) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        MqttPublisher publisher = new MqttPublisher(settings, client, stats, recorder, contentType, jsonPayload);
        client.setCallback(new ConnectionEvents(settings.clientId(), settings.url(), () -> publisher.closing));
        try {
            IMqttToken connack = client.connect(settings.toOptions());
            connack.waitForCompletion(settings.connectTimeout().toMillis());
            MqttProperties props = connack.getResponseProperties();
            Integer serverMax = props == null ? null : props.getReceiveMaximum();
            publisher.windowSize = Math.min(settings.maxInFlight(), serverMax == null ? 65_535 : serverMax);
            publisher.window = new Semaphore(publisher.windowSize);
            if (publisher.windowSize < settings.maxInFlight()) {
                LOG.info("{}: the broker allows {} unacknowledged messages per connection (MQTT 5 receive maximum),"
                        + " fewer than the {} requested; use more connections for more throughput",
                        settings.clientId(), publisher.windowSize, settings.maxInFlight());
            }
            return publisher;
        } catch (MqttException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /**
     * Publishes one message, waiting for a free slot in the window first. Returns false without
     * publishing when {@code stop} turns true while waiting; every other outcome (including
     * failures, which are counted) returns true.
     */
    public boolean publish(String topic, byte[] payload, int readings, BooleanSupplier stop)
            throws InterruptedException {
        return publish(topic, new Outgoing(payload, readings, jsonPayload, List.of(), null), stop);
    }

    /** {@link #publish(String, byte[], int, BooleanSupplier)} for a message that may carry injected faults. */
    public boolean publish(String topic, Outgoing outgoing, BooleanSupplier stop) throws InterruptedException {
        while (!window.tryAcquire(WINDOW_POLL_MS, TimeUnit.MILLISECONDS)) {
            if (stop.getAsBoolean()) {
                return false;
            }
        }
        PendingMessage pending = new PendingMessage(topic, outgoing);
        outstanding.add(pending);
        MqttProperties properties = new MqttProperties(); // per message: Paho writes topic aliases into it
        String type = outgoing.contentType() == null ? contentType : outgoing.contentType();
        if (type != null) {
            properties.setContentType(type);
        }
        properties.setPayloadFormat(outgoing.json()); // UTF-8 indicator: never for CBOR, protobuf or a cut payload
        MqttMessage message = new MqttMessage(outgoing.payload(), settings.qos(), false, properties);
        while (true) {
            try {
                client.publish(topic, message, pending, onOutcome);
                stats.attempted();
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() != MAX_INFLIGHT) {
                    fail(pending, "publish refused", e);
                    return true;
                }
                if (stop.getAsBoolean()) {
                    withdraw(pending);
                    return false;
                }
                // Paho frees its own slot just after our callback returned ours: try again shortly
                LockSupport.parkNanos(INFLIGHT_RETRY_NANOS);
            }
        }
    }

    /** Unsettled messages on this connection. */
    public int inFlight() {
        return outstanding.size();
    }

    /** Waits until every published message is settled; false on timeout. */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        if (!window.tryAcquire(windowSize, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        window.release(windowSize);
        return true;
    }

    /**
     * Disconnects (waiting up to {@code timeout} for the broker), closes the client and counts
     * every message still unsettled as an error. Returns how many messages failed that way.
     */
    public long close(Duration timeout) {
        closing = true;
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
        for (PendingMessage pending : outstanding) {
            if (pending.settle()) {
                stats.failed();
                failedWhileClosing.increment();
            }
        }
        outstanding.clear();
        long unconfirmed = failedWhileClosing.sum();
        if (unconfirmed > 0) {
            LOG.warn("{}: {} messages were not confirmed by the broker before disconnecting; counted as errors",
                    settings.clientId(), unconfirmed);
        }
        return unconfirmed;
    }

    private void fail(PendingMessage pending, String what, Throwable cause) {
        if (pending.settle()) {
            stats.failed();
            outstanding.remove(pending);
            window.release();
            if (closing) { // close() reports these at once
                failedWhileClosing.increment();
            } else {
                errorLog.error(what, describe(cause));
            }
        }
    }

    /** Takes back a message that never reached the client: not a delivery, not an error. */
    private void withdraw(PendingMessage pending) {
        if (pending.settle()) {
            outstanding.remove(pending);
            window.release();
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof MqttException e) {
            return "reason code " + e.getReasonCode() + ": " + e.getMessage();
        }
        return String.valueOf(cause);
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
            PendingMessage pending = (PendingMessage) token.getUserContext();
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                // MQTT 5: the broker acknowledged but refused the message (e.g. 0x87 not authorized)
                fail(pending, "broker refused message", new MqttException(codes[0]));
                return;
            }
            if (pending.settle()) {
                outstanding.remove(pending);
                if (recorder != null) {
                    recorder.record(pending.topic, pending.message);
                }
                stats.delivered(pending.message.readings());
                window.release();
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            fail((PendingMessage) token.getUserContext(), "delivery failed", exception);
        }
    }
}
