package dev.telemetry.simulator.mqtt;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters shared by all connections of a run. A message is counted once, when it is settled:
 * as delivered (acknowledged by the broker for QoS 1 and 2, written to the socket for QoS 0) or
 * as an error (refused by the client, failed or negatively acknowledged, or never confirmed).
 */
public final class PublishStats {

    private final LongAdder attempted = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder readings = new LongAdder();
    private final LongAdder errors = new LongAdder();

    void attempted() {
        attempted.increment();
    }

    void delivered(int readingsInMessage) {
        messages.increment();
        readings.add(readingsInMessage);
    }

    void failed() {
        errors.increment();
    }

    /** Messages handed to the client so far, settled or not. */
    public long attemptedMessages() {
        return attempted.sum();
    }

    public long deliveredMessages() {
        return messages.sum();
    }

    public long deliveredReadings() {
        return readings.sum();
    }

    public long errors() {
        return errors.sum();
    }
}
