package dev.telemetry.gateway.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the MQTT session connected: the first connect, reconnects after a lost connection, and
 * deliberate session restarts after Kafka failures, all on one thread, with capped exponential
 * backoff plus jitter and never after {@link #shutdown}. Owns the connection generation (see
 * {@link AckChannel}) and sends acknowledgements. After {@link #leave} it only drains: it unsubscribes, on
 * this connection or right after the next reconnect, and never subscribes again.
 */
final class SessionKeeper implements AckChannel {

    private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);
    private static final long QUIESCE_MS = 1000;
    private static final long MARGIN_MS = 5000;

    private final MqttAsyncClient client;
    private final MqttSettings settings;
    private final MqttConnectionOptions options;
    private final ScheduledExecutorService thread;
    private final Backoff backoff = Backoff.standard();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean reconnectScheduled = new AtomicBoolean();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong unacknowledged = new AtomicLong();
    private final CompletableFuture<Void> unsubscribed = new CompletableFuture<>();
    private volatile boolean connected;
    private volatile boolean closing;
    private volatile boolean leaving;
    private volatile long connectedAt = System.nanoTime();

    SessionKeeper(MqttAsyncClient client, MqttSettings settings) {
        this.client = client;
        this.settings = settings;
        this.options = ConnectOptions.of(settings);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-session");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects and subscribes, retrying with backoff for up to {@code timeout}; throws IllegalStateException. */
    void start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<?> first = thread.submit(() -> connectUntil(deadline, timeout));
        try {
            first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            first.cancel(true);
            throw new IllegalStateException("interrupted while connecting to " + settings.url(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("cannot connect to " + settings.url() + ": " + e.getCause(), e);
        }
    }

    private void connectUntil(long deadline, Duration timeout) {
        while (true) {
            try {
                connectAndSubscribe(true);
                return;
            } catch (MqttException e) {
                Duration delay = backoff.next();
                if (System.nanoTime() + delay.toNanos() > deadline) {
                    throw new IllegalStateException("cannot connect to the MQTT broker at " + settings.url() + " as "
                            + settings.clientId() + " within " + timeout.toSeconds() + " s: "
                            + ConnectOptions.describeConnectFailure(e, settings), e);
                }
                log.warn("cannot connect to the MQTT broker at {}: {}; retrying in {} ms", settings.url(),
                        ConnectOptions.describeConnectFailure(e, settings), delay.toMillis());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while connecting to " + settings.url(), ie);
                }
            }
        }
    }

    private void connectAndSubscribe(boolean firstConnect) throws MqttException {
        IMqttToken token = client.connect(options);
        token.waitForCompletion(settings.connectTimeout().toMillis() + MARGIN_MS);
        boolean sessionPresent = token.getSessionPresent();
        if (leaving) {
            connected = true;
            connectedAt = System.nanoTime();
            log.info("reconnected to {} as {} to drain the session (session present: {})", settings.url(),
                    settings.clientId(), sessionPresent);
            unsubscribeIfConnected();
            return;
        }
        // the first connect always subscribes (the qos may have changed); later ones only when the
        // broker no longer had the session (expired, or a broker restarted without persistence)
        if (firstConnect || !sessionPresent) {
            try {
                ConnectOptions.subscribe(client, settings);
            } catch (MqttException e) {
                disconnectQuietly();
                throw e;
            }
        }
        connected = true;
        connectedAt = System.nanoTime();
        log.info("connected to {} as {} (session present: {}, subscribed to {} at QoS {})", settings.url(),
                settings.clientId(), sessionPresent, settings.topicFilters(), settings.qos());
    }

    /** Paho reported the connection lost: it has stopped reading, so bump the generation first. */
    void connectionLost(String reason) {
        generation.incrementAndGet();
        connected = false;
        if (closing) {
            return;
        }
        log.warn("MQTT connection to {} lost: {}; unacknowledged messages stay in the broker's session and are"
                + " delivered again after reconnecting", settings.url(), reason);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closing || !reconnectScheduled.compareAndSet(false, true)) {
            return;
        }
        Duration delay = backoff.next();
        reconnects.incrementAndGet();
        log.info("reconnecting to {} in {} ms", settings.url(), delay.toMillis());
        try {
            thread.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("not reconnecting: the gateway is closing");
        }
    }

    private void reconnect() {
        reconnectScheduled.set(false);
        if (closing || client.isConnected()) {
            return;
        }
        try {
            connectAndSubscribe(false);
        } catch (MqttException e) {
            log.warn("reconnect to {} failed: {}", settings.url(), ConnectOptions.describeConnectFailure(e, settings));
            scheduleReconnect();
        } catch (RuntimeException e) {
            log.warn("reconnect to {} failed", settings.url(), e);
            scheduleReconnect();
        }
    }

    /** A normal DISCONNECT (the session stays), then a reconnect: the broker redelivers what is unacknowledged. */
    private void restartSession() {
        disconnectQuietly();
        // whatever slipped in between the failure and the DISCONNECT belongs to the old connection too
        generation.incrementAndGet();
        scheduleReconnect();
    }

    private void disconnectQuietly() {
        connected = false;
        try {
            if (client.isConnected()) {
                client.disconnect(QUIESCE_MS).waitForCompletion(QUIESCE_MS + MARGIN_MS);
            }
        } catch (MqttException e) {
            log.warn("clean disconnect from {} failed ({}); dropping the connection", settings.url(),
                    ConnectOptions.describe(e));
            try {
                client.disconnectForcibly(0, 1000, false);
            } catch (MqttException forced) {
                log.debug("forced disconnect failed too: {}", ConnectOptions.describe(forced));
            }
        }
    }

    /**
     * From now on the session only drains: unsubscribes now (or right after the next reconnect) and never
     * subscribes again. The broker then assigns new messages to the other members of a shared subscription.
     *
     * @return completes once the broker has confirmed the UNSUBSCRIBE
     */
    CompletableFuture<Void> leave() {
        leaving = true;
        try {
            thread.execute(this::unsubscribeIfConnected);
        } catch (RejectedExecutionException e) {
            unsubscribed.completeExceptionally(new IllegalStateException("the MQTT session is already closed", e));
        }
        return unsubscribed;
    }

    private void unsubscribeIfConnected() {
        if (unsubscribed.isDone() || closing || !client.isConnected()) {
            return; // a reconnect calls this again
        }
        try {
            ConnectOptions.unsubscribe(client, settings);
            unsubscribed.complete(null);
            log.info("unsubscribed from {}: the broker sends new messages to the other members; draining what it"
                    + " already assigned to {}", settings.topicFilters(), settings.clientId());
        } catch (MqttException e) {
            Duration delay = backoff.next();
            log.warn("cannot unsubscribe from {}: {}; retrying in {} ms", settings.topicFilters(),
                    ConnectOptions.describe(e), delay.toMillis());
            try {
                thread.schedule(this::unsubscribeIfConnected, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                log.debug("not retrying the UNSUBSCRIBE: the gateway is closing");
            }
        }
    }

    /** When the current connection was established ({@link System#nanoTime()}). */
    long connectedAt() {
        return connectedAt;
    }

    /**
     * QoS 1 messages this session did not acknowledge since start: their records failed, or the acknowledgement
     * could not be sent. The broker still holds each of them in the session.
     */
    long unacknowledged() {
        return unacknowledged.get();
    }

    /** The current connection generation, stamped on each arriving message. */
    long generation() {
        return generation.get();
    }

    boolean isConnected() {
        return connected && client.isConnected();
    }

    /** Reconnects scheduled since start. */
    long reconnects() {
        return reconnects.get();
    }

    @Override
    public boolean isCurrent(long connection) {
        return connection == generation.get();
    }

    @Override
    public boolean ack(InboundMessage m) {
        if (!isCurrent(m.connection())) {
            if (m.qos() > 0) {
                unacknowledged.incrementAndGet();
            }
            return false;
        }
        if (m.qos() == 0) {
            return true;
        }
        try {
            client.messageArrivedComplete(m.packetId(), m.qos());
            backoff.reset();
            return true;
        } catch (MqttException e) {
            unacknowledged.incrementAndGet();
            log.debug("cannot acknowledge message {} ({}); the broker will deliver it again", m.packetId(),
                    ConnectOptions.describe(e));
            return false;
        }
    }

    @Override
    public void redeliver(InboundMessage m, Throwable cause) {
        if (m.qos() == 0) {
            log.warn("QoS 0 message on {} lost: {}", m.topic(), String.valueOf(cause));
            return;
        }
        unacknowledged.incrementAndGet();
        // once per connection: the first failure restarts the session, later ones are covered by it
        if (!generation.compareAndSet(m.connection(), m.connection() + 1)) {
            return;
        }
        connected = false;
        log.warn("Kafka did not acknowledge the records of a message on {} ({}); not acknowledging it and restarting"
                + " the MQTT session so that the broker delivers every unacknowledged message again", m.topic(),
                String.valueOf(cause));
        try {
            thread.execute(this::restartSession);
        } catch (RejectedExecutionException e) {
            log.debug("closing: the session is not restarted");
        }
    }

    /** No more reconnects or restarts from now on. */
    void shutdown() {
        closing = true;
        thread.shutdownNow();
    }

    /**
     * Drops acknowledgements still to come, disconnects with session expiry 0 so that the broker discards the
     * session (its subscriptions and whatever it still holds for it), and closes the client. When that DISCONNECT
     * cannot be sent the connection is dropped and the broker keeps the session for {@code mqtt.session-expiry}.
     *
     * @return true when the broker was told to end the session
     */
    boolean disconnectEndingSessionAndClose() {
        generation.incrementAndGet();
        boolean ended = false;
        if (client.isConnected()) {
            connected = false;
            MqttProperties endSession = new MqttProperties();
            endSession.setSessionExpiryInterval(0L);
            try {
                client.disconnect(QUIESCE_MS, null, null, MqttReturnCode.RETURN_CODE_SUCCESS, endSession)
                        .waitForCompletion(QUIESCE_MS + MARGIN_MS);
                ended = true;
            } catch (MqttException e) {
                log.warn("DISCONNECT with session expiry 0 to {} failed ({}); dropping the connection, the broker"
                        + " keeps the session of {}", settings.url(), ConnectOptions.describe(e), settings.clientId());
                disconnectQuietly();
            }
        }
        closeClient();
        return ended;
    }

    /** Drops acknowledgements still to come, disconnects normally (the session stays) and closes the client. */
    void disconnectAndClose() {
        generation.incrementAndGet();
        disconnectQuietly();
        closeClient();
    }

    private void closeClient() {
        try {
            client.close(true);
        } catch (MqttException e) {
            log.warn("closing the MQTT client failed: {}", ConnectOptions.describe(e));
        }
    }
}
