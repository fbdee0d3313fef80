package dev.telemetry.gateway.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides when a leaving session is drained. MQTT gives a client no "nothing more for you" signal, so after the
 * UNSUBSCRIBE is confirmed (no new message is assigned to the session any more) the session counts as drained
 * once it has been connected, with nothing queued or waiting for Kafka, and nothing has arrived, for a quiet
 * period. The quiet period restarts on every arrival and every reconnect: after a reconnect the broker resends
 * what was unacknowledged, and while disconnected it can send nothing at all.
 */
final class Drain {

    /** What the drain watches; times are {@link System#nanoTime()} values. */
    interface Session {
        boolean isConnected();

        long connectedAt();

        long lastArrival();

        /** Nothing queued for the publishing thread and nothing waiting for Kafka. */
        boolean idle();
    }

    /** Time, replaceable in tests. */
    interface Clock {
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                Thread.sleep(millis);
            }
        };

        long nanoTime();

        void sleep(long millis) throws InterruptedException;
    }

    private static final long POLL_MS = 100;

    private final Session session;
    private final Clock clock;
    private final long quietNanos;

    Drain(Session session, Clock clock, Duration quietPeriod) {
        this.session = session;
        this.clock = clock;
        this.quietNanos = quietPeriod.toNanos();
    }

    /**
     * Waits for the UNSUBSCRIBE to be confirmed, then for the quiet period, until {@code deadline}.
     *
     * @param deadline a {@link Clock#nanoTime()} value
     * @return null when drained, else why not, for the log
     */
    String await(CompletableFuture<Void> unsubscribed, long deadline) {
        try {
            unsubscribed.get(Math.max(0, deadline - clock.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return "the broker did not confirm the UNSUBSCRIBE within mqtt.shutdown.drain-timeout";
        } catch (ExecutionException e) {
            return "cannot unsubscribe: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while unsubscribing";
        }
        long unsubscribedAt = clock.nanoTime();
        while (true) {
            long now = clock.nanoTime();
            long lastActivity = Math.max(Math.max(session.lastArrival(), unsubscribedAt), session.connectedAt());
            // connected last: a reconnect moves connectedAt, and a drop can come at any time
            if (now - lastActivity >= quietNanos && session.idle() && session.isConnected()) {
                return null;
            }
            if (now - deadline >= 0) {
                return !session.isConnected() ? "not connected to the broker when mqtt.shutdown.drain-timeout passed"
                        : !session.idle() ? "messages still waiting for Kafka when mqtt.shutdown.drain-timeout passed"
                        : "messages still arriving when mqtt.shutdown.drain-timeout passed";
            }
            try {
                clock.sleep(Math.max(1, Math.min(POLL_MS, TimeUnit.NANOSECONDS.toMillis(deadline - now))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while draining";
            }
        }
    }
}
