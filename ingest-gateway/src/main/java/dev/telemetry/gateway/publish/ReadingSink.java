package dev.telemetry.gateway.publish;

import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.model.LifecycleEvent;
import dev.telemetry.model.Reading;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where decoded readings and undecodable payloads go. Each future completes only when the
 * destination has durably acknowledged every record, and exceptionally when any record failed;
 * the MQTT message is acknowledged on success only.
 */
public interface ReadingSink {

    /** Writes the readings and lifecycle events of one MQTT message; either list may be empty. */
    CompletableFuture<Void> publish(List<Reading> readings, List<LifecycleEvent> events);

    /** Writes the readings of one MQTT message. */
    default CompletableFuture<Void> publish(List<Reading> readings) {
        return publish(readings, List.of());
    }

    /**
     * Writes one undecodable payload, untouched, with the reason.
     *
     * @param format the format the gateway tried ({@code json}, {@code plain}, {@code unknown})
     * @param receivedAt epoch ms when the gateway received the message
     */
    CompletableFuture<Void> deadLetter(String mqttTopic, byte[] payload, DecodeException error, String format,
            long receivedAt);
}
