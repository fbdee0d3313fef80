package dev.telemetry.gateway.mqtt;

import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.publish.ReadingSink;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT side of the gateway: one Paho v5 client with a persistent session and manual acks. A
 * message is acknowledged only after Kafka has acknowledged its records (or its DLQ record).
 *
 * <p><b>Why an unacknowledged message comes back.</b> MQTT 5 forbids a broker to resend a PUBLISH
 * on the same network connection; it resends unacknowledged messages only when the client
 * reconnects with clean start off to a session that still exists (MQTT 5, section 4.4). Merely not
 * acknowledging would therefore park the message, and one slot of the receive maximum, until some
 * later reconnect. So when Kafka fails to take a message, the gateway restarts the session: a normal
 * DISCONNECT (the broker keeps the session and its backlog for {@code mqtt.session-expiry}), a
 * jittered, growing backoff, a reconnect with clean start off, and the broker redelivers every
 * unacknowledged message. Paho v5 does not set the DUP flag on such redeliveries, and nothing here
 * relies on it. Acknowledgements of messages from an earlier connection are dropped (see
 * {@link AckChannel}); those messages come again as duplicates, which the processor removes.
 *
 * <p><b>QoS.</b> Subscribe at QoS 1. Paho's MQTT 5 client sends PUBREC for a QoS 2 message as soon
 * as it arrives, before the application has handled it, so QoS 2 cannot give at-least-once into
 * Kafka here; the configuration allows 0 (at most once) and 1.
 *
 * <p><b>Threads.</b> Paho's callback thread only hands messages to one publishing thread through a
 * queue bounded by the receive maximum, so a blocked Kafka producer never stalls Paho's keep-alive;
 * when the queue is full the callback thread waits, which backs up into TCP. Connection handling is
 * {@link SessionKeeper}'s.
 *
 * <p><b>Stopping.</b> {@link #close(Duration)} keeps the session for the next start with the same client id;
 * {@link #leave} is for a gateway that is gone for good (see {@code ShutdownMode} in the application).
 */
public final class MqttIngest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);

    private final MqttSettings settings;
    private final MqttAsyncClient client;
    private final SessionKeeper keeper;
    private final MessageHandler handler;
    private final ExecutorService worker;
    private final Semaphore queueSlots;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Messages received but never queued for Kafka (closing, interrupted): only the broker's session has them. */
    private final AtomicLong leftInSession = new AtomicLong();
    private volatile boolean closing;
    private volatile long lastArrival = System.nanoTime();

    public MqttIngest(MqttSettings settings, PayloadRouter router, ReadingSink sink) {
        this(settings, router, sink, IngestEvents.NONE);
    }

    /** @param events told what happens to every message (metrics) */
    public MqttIngest(MqttSettings settings, PayloadRouter router, ReadingSink sink, IngestEvents events) {
        this.settings = settings;
        try {
            // QoS 1 needs no client-side persistence: the broker's session is the store
            this.client = new MqttAsyncClient(settings.url().toString(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.url() + ": "
                    + ConnectOptions.describe(e), e);
        }
        this.keeper = new SessionKeeper(client, settings);
        this.handler = new MessageHandler(router, sink, keeper, events);
        this.queueSlots = new Semaphore(settings.receiveMaximum());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gateway-publish");
            t.setDaemon(true);
            return t;
        });
        // everything is in place before the first connect: a resumed session delivers its backlog
        // before connect() returns, and a callback that throws would kill the connection
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    /**
     * Connects and subscribes, retrying with backoff for up to {@code timeout}.
     *
     * @throws IllegalStateException when the broker cannot be reached or refuses, with the reason
     */
    public void start(Duration timeout) {
        keeper.start(timeout);
    }

    /** True when connected and subscribed. */
    public boolean isConnected() {
        return keeper.isConnected();
    }

    /**
     * Publishes a command (a Sparkplug rebirth request) at QoS 0, not retained, without waiting.
     * Never throws: a command that cannot be sent is logged and dropped; the edge node keeps
     * sending data the gateway dead-letters, which triggers another request later.
     */
    public void publish(String topic, byte[] payload) {
        if (closing) {
            return;
        }
        try {
            client.publish(topic, payload, 0, false);
            log.info("sent a command to {}", topic);
        } catch (MqttException | RuntimeException e) {
            log.warn("could not send a command to {}: {}", topic, e instanceof MqttException me
                    ? ConnectOptions.describe(me) : e.toString());
        }
    }

    /** MQTT messages acknowledged to the broker since start (published or dead-lettered). */
    public long acknowledgedCount() {
        return handler.acknowledgedCount();
    }

    /** MQTT messages written to the DLQ since start. */
    public long deadLetteredCount() {
        return handler.deadLetteredCount();
    }

    /** Messages received and waiting for Kafka (bounded by {@code mqtt.receive-maximum}). */
    public int inFlight() {
        return handler.inFlight();
    }

    /** Reconnects scheduled since start (after a lost connection or a Kafka failure). */
    public long reconnects() {
        return keeper.reconnects();
    }

    /**
     * Stops taking messages, lets queued ones reach Kafka and their acknowledgements reach the broker
     * (within the timeout), then disconnects normally. Whatever is not acknowledged by then stays in
     * the broker's session for the next start. Idempotent.
     */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopAndFlush(timeout);
        keeper.disconnectAndClose();
        log.info("disconnected from {} ({} messages acknowledged)", settings.url(), handler.acknowledgedCount());
    }

    /**
     * Leaves for good, for a gateway removed from a shared subscription (scale-in): unsubscribes, so the broker
     * assigns new messages to the other members; keeps writing and acknowledging what the broker had already
     * assigned to this session (in flight and queued behind the receive maximum) until nothing has arrived for
     * {@code quietPeriod} while connected and nothing is waiting for Kafka, for at most {@code drainTimeout};
     * then flushes (within {@code flushTimeout}) and disconnects with session expiry 0, so the broker discards
     * the drained session instead of keeping it for a client that never returns.
     *
     * <p>The session is ended only when the drain finished and every message was acknowledged. Otherwise (drain
     * timeout, UNSUBSCRIBE refused, a message that could not be written or acknowledged, one that arrived after
     * the drain was declared over) this falls back to {@link #close(Duration)}'s normal DISCONNECT: the broker
     * keeps what it holds for this client id rather than drop it with the session. Idempotent with close.
     *
     * @return true when the session was ended, false when it was kept
     */
    public boolean leave(Duration drainTimeout, Duration quietPeriod, Duration flushTimeout) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        long started = System.nanoTime();
        log.info("leaving {} for good: unsubscribing from {} and draining session {} (quiet period {} ms, at most {}"
                + " ms)", settings.url(), settings.topicFilters(), settings.clientId(), quietPeriod.toMillis(),
                drainTimeout.toMillis());
        long acknowledgedBefore = handler.acknowledgedCount();
        String incomplete = new Drain(new DrainView(), Drain.Clock.SYSTEM, quietPeriod)
                .await(keeper.leave(), started + drainTimeout.toNanos());
        long generation = keeper.generation();
        long unacknowledged = keeper.unacknowledged();
        long left = leftInSession.get();
        boolean flushed = stopAndFlush(flushTimeout);
        if (incomplete == null) {
            incomplete = !flushed ? "messages still waiting for Kafka after shutdown.timeout"
                    : keeper.generation() != generation ? "the connection was lost while flushing"
                    : keeper.unacknowledged() != unacknowledged ? "a message could not be written or acknowledged"
                    : leftInSession.get() != left ? "a message arrived after the drain was declared over"
                    : null;
        }
        long drained = handler.acknowledgedCount() - acknowledgedBefore;
        if (incomplete == null) {
            if (keeper.disconnectEndingSessionAndClose()) {
                log.info("left {}: drained and acknowledged {} message(s) in {} ms, session {} ended", settings.url(),
                        drained, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), settings.clientId());
                return true;
            }
            log.warn("drained {} message(s) but could not end session {}: the broker keeps it (now without a"
                    + " subscription) until mqtt.session-expiry ({}) passes", drained, settings.clientId(),
                    settings.sessionExpiry());
            return false;
        }
        log.warn("could not drain session {} ({}); keeping it instead of dropping messages: the broker delivers"
                + " what it still holds when a gateway with client id {} connects, or drops it when"
                + " mqtt.session-expiry ({}) passes", settings.clientId(), incomplete, settings.clientId(),
                settings.sessionExpiry());
        keeper.disconnectAndClose();
        log.info("disconnected from {} ({} message(s) drained, session kept)", settings.url(), drained);
        return false;
    }

    /**
     * Stops taking messages and reconnecting, lets queued ones reach Kafka and their acknowledgements the
     * broker within {@code timeout}.
     *
     * @return true when every queued message was handled and nothing is waiting for Kafka
     */
    private boolean stopAndFlush(Duration timeout) {
        closing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        keeper.shutdown();
        worker.shutdown();
        try {
            boolean queueDone = worker.awaitTermination(remaining(deadline) / 2, TimeUnit.NANOSECONDS);
            if (!queueDone) {
                worker.shutdownNow();
            }
            if (!handler.awaitIdle(Duration.ofNanos(remaining(deadline)))) {
                log.warn("{} message(s) still waiting for Kafka at shutdown; the broker will deliver them again",
                        handler.inFlight());
                return false;
            }
            return queueDone;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while draining; unacknowledged messages will be delivered again");
            return false;
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** The state {@link Drain} watches. */
    private final class DrainView implements Drain.Session {
        @Override
        public boolean isConnected() {
            return keeper.isConnected();
        }

        @Override
        public long connectedAt() {
            return keeper.connectedAt();
        }

        @Override
        public long lastArrival() {
            return lastArrival;
        }

        @Override
        public boolean idle() {
            return handler.inFlight() == 0 && queueSlots.availablePermits() == settings.receiveMaximum();
        }
    }

    /** Paho callbacks. Nothing here may throw: Paho closes the connection when a callback does. */
    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            InboundMessage m = null;
            try {
                lastArrival = System.nanoTime();
                if (closing) {
                    leftInSession.incrementAndGet();
                    return; // not acknowledged: it stays in the broker's session
                }
                m = new InboundMessage(topic, message.getPayload(), message.getId(), message.getQos(),
                        keeper.generation(), System.currentTimeMillis(),
                        message.getProperties() == null ? null : message.getProperties().getContentType());
                while (!queueSlots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (closing) {
                        leftInSession.incrementAndGet();
                        return;
                    }
                }
                InboundMessage queued = m;
                try {
                    worker.execute(() -> {
                        try {
                            handler.handle(queued);
                        } finally {
                            queueSlots.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    queueSlots.release();
                    leftInSession.incrementAndGet();
                    log.debug("closing: message {} on {} left for redelivery", queued.packetId(), topic);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                leftInSession.incrementAndGet();
                log.warn("interrupted while queueing a message on {}; it will be delivered again", topic);
            } catch (RuntimeException e) {
                log.error("cannot queue a message on {}; it will be delivered again", topic, e);
                if (m != null) {
                    keeper.redeliver(m, e);
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            try {
                keeper.connectionLost(ConnectOptions.describe(response));
            } catch (RuntimeException e) {
                log.error("failed to handle the lost connection", e);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", ConnectOptions.describe(exception));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // the gateway only publishes QoS 0 commands (Sparkplug rebirth requests): nothing to track
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            log.debug("connection to {} established", serverURI);
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            log.debug("AUTH packet with reason code {} ignored", reasonCode);
        }
    }
}
