package dev.telemetry.simulator.rate;

import java.util.concurrent.locks.LockSupport;

/** The clock and the wait of a {@link Pacer}; tests substitute a fake that advances on park. */
public interface Ticker {

    long nanoTime();

    /** Waits up to {@code nanos}; may return early (spurious wake-up, unpark, interrupt). */
    void parkNanos(long nanos);

    static Ticker system() {
        return new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkNanos(long nanos) {
                LockSupport.parkNanos(nanos);
            }
        };
    }
}
