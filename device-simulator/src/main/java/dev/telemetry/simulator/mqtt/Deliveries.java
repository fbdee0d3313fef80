package dev.telemetry.simulator.mqtt;

import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.record.MessageRecorder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping every publisher shares, whatever its MQTT version: the window of unsettled
 * messages (a semaphore the outcome callbacks release), the set of messages still outstanding,
 * and counting each message exactly once as delivered (and recorded) or failed.
 */
final class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final long WINDOW_POLL_MS = 100;

    private final String clientId;
    private final int qos;
    private final String contentType;
    private final PublishStats stats;
    private final MessageRecorder recorder;
    private final ErrorLog errorLog;
    private final Set<PendingMessage> outstanding = ConcurrentHashMap.newKeySet();
    private final LongAdder failedWhileClosing = new LongAdder();
    private volatile boolean closing;
    private Semaphore window;
    private int windowSize;

    /**
     * @param contentType the content type the recording names for messages without their own, or null
     */
    Deliveries(String clientId, int qos, String contentType, PublishStats stats, MessageRecorder recorder) {
        this.clientId = clientId;
        this.qos = qos;
        this.contentType = contentType;
        this.stats = stats;
        this.recorder = recorder;
        this.errorLog = new ErrorLog(LOG, clientId);
    }

    /** Sets the window once the connection is up (its size may depend on the broker). */
    void open(int size) {
        windowSize = size;
        window = new Semaphore(size);
    }

    int windowSize() {
        return windowSize;
    }

    boolean closing() {
        return closing;
    }

    /** Waits for a slot; null when {@code stop} turned true first. */
    PendingMessage take(String topic, Outgoing outgoing, BooleanSupplier stop) throws InterruptedException {
        while (!window.tryAcquire(WINDOW_POLL_MS, TimeUnit.MILLISECONDS)) {
            if (stop.getAsBoolean()) {
                return null;
            }
        }
        PendingMessage pending = new PendingMessage(topic, outgoing);
        outstanding.add(pending);
        return pending;
    }

    /** The client accepted the message. */
    void handedOver() {
        stats.attempted();
    }

    void delivered(PendingMessage pending) {
        if (pending.settle()) {
            outstanding.remove(pending);
            if (recorder != null) {
                String type = pending.message.contentType() == null ? contentType : pending.message.contentType();
                recorder.record(pending.topic, pending.message, qos, type, pending.sentNanos);
            }
            stats.delivered(pending.message.readings());
            window.release();
        }
    }

    void fail(PendingMessage pending, String what, Throwable cause) {
        if (pending.settle()) {
            stats.failed();
            outstanding.remove(pending);
            window.release();
            if (closing) { // closeAll() reports these at once
                failedWhileClosing.increment();
            } else {
                errorLog.error(what, describe(cause));
            }
        }
    }

    /** Takes back a message that never reached the client: not a delivery, not an error. */
    void withdraw(PendingMessage pending) {
        if (pending.settle()) {
            outstanding.remove(pending);
            window.release();
        }
    }

    int inFlight() {
        return outstanding.size();
    }

    boolean awaitSettled(Duration timeout) throws InterruptedException {
        if (!window.tryAcquire(windowSize, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        window.release(windowSize);
        return true;
    }

    /** From now on failures are reported by {@link #failRemaining()}, not one by one. */
    void startClosing() {
        closing = true;
    }

    /** Counts every message still unsettled as an error; returns how many failed while closing. */
    long failRemaining() {
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
                    clientId, unconfirmed);
        }
        return unconfirmed;
    }

    static String describe(Throwable cause) {
        if (cause instanceof org.eclipse.paho.mqttv5.common.MqttException e) {
            return "reason code " + e.getReasonCode() + ": " + e.getMessage();
        }
        if (cause instanceof org.eclipse.paho.client.mqttv3.MqttException e) {
            return "reason code " + e.getReasonCode() + ": " + e.getMessage();
        }
        return String.valueOf(cause);
    }
}
