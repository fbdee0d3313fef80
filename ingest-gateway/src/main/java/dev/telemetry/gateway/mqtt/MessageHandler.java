package dev.telemetry.gateway.mqtt;

import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.publish.ReadingSink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of each MQTT message: decode it, write its readings (or the raw payload to the DLQ),
 * and acknowledge it to the broker only once Kafka has acknowledged every record.
 *
 * <ul>
 *   <li>decoded: publish the readings and lifecycle events; ack when all are acknowledged (at once
 *       when there are none, e.g. a Sparkplug command);</li>
 *   <li>not decodable: dead-letter the raw payload; ack when the DLQ record is acknowledged;</li>
 *   <li>Kafka failed: no ack, {@link AckChannel#redeliver} (the broker sends it again);</li>
 *   <li>Kafka rejected a record as too large (it would fail forever): dead-letter, then ack.</li>
 * </ul>
 * {@link #handle} never throws: a bug is logged and the payload dead-lettered as {@code INTERNAL_ERROR}.
 */
final class MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(MessageHandler.class);

    private final PayloadRouter router;
    private final ReadingSink sink;
    private final AckChannel acks;
    private final IngestEvents events;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Object idle = new Object();
    private int inFlight;
    private long lastDlqLog;
    private long dlqLogsSuppressed;

    MessageHandler(PayloadRouter router, ReadingSink sink, AckChannel acks) {
        this(router, sink, acks, IngestEvents.NONE);
    }

    MessageHandler(PayloadRouter router, ReadingSink sink, AckChannel acks, IngestEvents events) {
        this.router = router;
        this.sink = sink;
        this.acks = acks;
        this.events = events;
    }

    /** Handles one message; the outcome is asynchronous. Never throws. */
    void handle(InboundMessage m) {
        if (!acks.isCurrent(m.connection())) {
            // it arrived on a connection that is gone; the broker redelivers it on the new one
            log.debug("skipping message {} on {} from an earlier connection", m.packetId(), m.topic());
            return;
        }
        begin();
        events.received();
        // what the outcome was, for the events once Kafka has answered: a reading count, or a DLQ code
        CompletableFuture<Runnable> outcome;
        try {
            DecodeResult result = router.decode(m.topic(), m.contentType(), m.payload(), m.receivedAt());
            if (result instanceof DecodeResult.Success ok) {
                if (!ok.notes().isEmpty() && log.isDebugEnabled()) {
                    log.debug("message on {} ({}): {}", m.topic(), ok.format(), String.join("; ", ok.notes()));
                }
                Runnable published = () -> events.published(ok.format(), ok.readings().size());
                outcome = sink.publish(ok.readings(), ok.events()).thenApply(v -> published).exceptionallyCompose(e -> tooLarge(e)
                        ? deadLetter(m, new DecodeException(Code.RECORD_TOO_LARGE, "Kafka rejected a reading: "
                                + unwrap(e).getMessage(), unwrap(e)), ok.format())
                        : CompletableFuture.failedFuture(e));
            } else {
                DecodeResult.Failure failed = (DecodeResult.Failure) result;
                outcome = deadLetter(m, failed.error(), failed.format());
            }
        } catch (RuntimeException e) {
            log.error("bug while handling a message on {}; dead-lettering it as INTERNAL_ERROR", m.topic(), e);
            outcome = deadLetter(m, new DecodeException(Code.INTERNAL_ERROR, String.valueOf(e), e),
                    PayloadRouter.UNKNOWN_FORMAT);
        }
        outcome.whenComplete((event, error) -> settle(m, error, event));
    }

    private CompletableFuture<Runnable> deadLetter(InboundMessage m, DecodeException error, String format) {
        deadLettered.incrementAndGet();
        logDeadLetter(m, error);
        Runnable event = () -> events.deadLettered(error.code().name());
        try {
            return sink.deadLetter(m.topic(), m.payload(), error, format, m.receivedAt()).thenApply(v -> event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void settle(InboundMessage m, Throwable error, Runnable event) {
        try {
            if (error == null) {
                event.run();
                if (acks.ack(m)) {
                    acknowledged.incrementAndGet();
                }
            } else {
                events.notAcknowledged();
                Throwable cause = unwrap(error);
                // one WARN per connection comes from redeliver(); a Kafka outage fails every message in flight
                log.debug("Kafka did not acknowledge the records of message {} on {}: {}; not acknowledging it",
                        m.packetId(), m.topic(), cause);
                acks.redeliver(m, cause);
            }
        } catch (RuntimeException e) {
            log.error("failed to settle message {} on {}; the broker will deliver it again", m.packetId(), m.topic(),
                    e);
        } finally {
            end();
        }
    }

    /** Messages acknowledged to the broker since start (published or dead-lettered). */
    long acknowledgedCount() {
        return acknowledged.get();
    }

    /** Messages sent to the DLQ since start. */
    long deadLetteredCount() {
        return deadLettered.get();
    }

    /** Messages whose Kafka outcome is pending. */
    int inFlight() {
        synchronized (idle) {
            return inFlight;
        }
    }

    /**
     * Waits until no message is waiting for Kafka, or the timeout passes.
     *
     * @return true when idle
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void begin() {
        synchronized (idle) {
            inFlight++;
        }
    }

    private void end() {
        synchronized (idle) {
            inFlight--;
            if (inFlight == 0) {
                idle.notifyAll();
            }
        }
    }

    /** At most one line per second, so a device sending garbage at a high rate cannot flood the log. */
    private void logDeadLetter(InboundMessage m, DecodeException error) {
        long now = System.currentTimeMillis();
        long suppressed;
        synchronized (this) {
            if (now - lastDlqLog < 1000) {
                dlqLogsSuppressed++;
                return;
            }
            lastDlqLog = now;
            suppressed = dlqLogsSuppressed;
            dlqLogsSuppressed = 0;
        }
        log.warn("dead-lettering message on {}: {} {}{}", m.topic(), error.code(), error.getMessage(),
                suppressed > 0 ? " (" + suppressed + " more dead-lettered since the last line)" : "");
    }

    private static boolean tooLarge(Throwable e) {
        return unwrap(e) instanceof RecordTooLargeException;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
