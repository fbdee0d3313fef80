package dev.telemetry.processor.app;

/** The processor cannot start: Kafka unreachable, a topic misconfigured, the HTTP port taken. */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
