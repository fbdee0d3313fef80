package dev.telemetry.simulator.mqtt;

import dev.telemetry.simulator.fault.Outgoing;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A message between publish and its outcome; the Paho token's user context. {@link #settle()}
 * returns true exactly once, so a message is counted once even when Paho reports it twice or the
 * publisher gives up on it at shutdown.
 */
final class PendingMessage {

    final String topic;
    final Outgoing message;
    /** When it was handed to the client ({@link System#nanoTime()}): the recording's send time. */
    final long sentNanos;
    private final AtomicBoolean settled = new AtomicBoolean();

    PendingMessage(String topic, Outgoing message) {
        this.topic = topic;
        this.message = message;
        this.sentNanos = System.nanoTime();
    }

    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    boolean isSettled() {
        return settled.get();
    }
}
