package dev.telemetry.gateway.app;

/** The gateway could not start: Kafka or the MQTT broker unreachable, a topic unusable, ... The message says which. */
public class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
