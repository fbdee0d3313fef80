package dev.telemetry.simulator;

import java.time.Duration;
import java.util.Locale;

/**
 * What a run achieved so far (a snapshot) or in total (after completion).
 *
 * @param messages MQTT messages delivered (acknowledged by the broker for QoS 1 and 2, written to
 *                 the socket for QoS 0)
 * @param readings readings in those messages (one per metric per message)
 * @param errors   messages that failed: refused by the client (e.g. while disconnected), failed
 *                 or refused by the broker, or still unconfirmed when the run was stopped
 * @param elapsed  from the start of publishing to now, or to the end of the run once it is over
 */
public record Summary(long messages, long readings, long errors, Duration elapsed) {

    /** Achieved readings per second; 0 before any time has passed. */
    public double readingsPerSecond() {
        return perSecond(readings);
    }

    /** Achieved messages per second; 0 before any time has passed. */
    public double messagesPerSecond() {
        return perSecond(messages);
    }

    private double perSecond(long n) {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : n * 1e9 / nanos;
    }

    /**
     * One machine-readable line:
     * {@code summary: messages=1000 readings=3000 errors=0 seconds=3.001 rate=999.7}
     * where {@code rate} is readings per second.
     */
    public String toLine() {
        return String.format(Locale.ROOT, "summary: messages=%d readings=%d errors=%d seconds=%.3f rate=%.1f",
                messages, readings, errors, elapsed.toNanos() / 1e9, readingsPerSecond());
    }
}
