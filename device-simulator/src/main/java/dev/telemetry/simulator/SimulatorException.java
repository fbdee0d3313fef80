package dev.telemetry.simulator;

/** A run could not start or failed as a whole, e.g. the broker is unreachable. */
public final class SimulatorException extends RuntimeException {

    public SimulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
