package dev.telemetry.gateway.mqtt;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: 1 s, 2 s, 4 s ... up to 120 s, each delay randomly
 * within +-25 %, so that a fleet of gateways does not reconnect in lock-step. Thread-safe.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempt;

    /** @param random values in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(120), Math::random);
    }

    /** The next delay; each call doubles the base until the cap. */
    synchronized Duration next() {
        long base = initialMillis << Math.min(attempt, 30);
        base = Math.min(base, maxMillis);
        if (attempt < 31) {
            attempt++;
        }
        double jitter = 0.75 + 0.5 * random.getAsDouble();
        return Duration.ofMillis(Math.round(base * jitter));
    }

    /** Back to the initial delay, after things worked again. */
    synchronized void reset() {
        attempt = 0;
    }
}
