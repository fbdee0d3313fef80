package dev.telemetry.model;

import java.util.Objects;

/**
 * Provenance of a reading: the MQTT topic it arrived on, the payload format, and the gateway
 * instance that decoded it.
 */
public record Source(String mqttTopic, String format, String gatewayId) {
    public Source {
        Objects.requireNonNull(mqttTopic, "mqttTopic");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(gatewayId, "gatewayId");
    }
}
