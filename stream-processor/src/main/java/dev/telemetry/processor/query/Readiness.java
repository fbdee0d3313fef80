package dev.telemetry.processor.query;

/**
 * Whether this instance can answer queries.
 *
 * @param ready        true when Kafka Streams is RUNNING and the device-state store is queryable
 * @param streamsState the Kafka Streams state, e.g. RUNNING or REBALANCING
 * @param reason       why it is not ready; null when ready
 */
public record Readiness(boolean ready, String streamsState, String reason) {

    public static Readiness ready(String streamsState) {
        return new Readiness(true, streamsState, null);
    }

    public static Readiness notReady(String streamsState, String reason) {
        return new Readiness(false, streamsState, reason);
    }
}
