package dev.telemetry.processor.query;

/**
 * The device state cannot be queried right now (Kafka Streams is starting or rebalancing, or a store is
 * restoring). Transient: callers answer 503 with Retry-After.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
