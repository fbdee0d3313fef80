package dev.telemetry.processor.query;

/** Answers the readiness probe. */
@FunctionalInterface
public interface ReadinessCheck {
    Readiness check();
}
