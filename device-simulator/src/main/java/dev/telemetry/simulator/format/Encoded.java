package dev.telemetry.simulator.format;

import java.util.List;

/**
 * One MQTT message of a device tick, before faults.
 *
 * @param topic       where it is published
 * @param payload     the bytes
 * @param contentType the MQTT 5 content type, or null for none (Sparkplug)
 * @param json        whether the payload is UTF-8 JSON (MQTT payload format indicator; the recording
 *                    embeds it as JSON)
 * @param readings    what the gateway makes of it
 * @param session     a session message (Sparkplug NBIRTH) that later messages depend on: faults that
 *                    would lose or delay it are not applied to it
 */
public record Encoded(String topic, byte[] payload, String contentType, boolean json, List<ExpectedReading> readings,
        boolean session) {

    public Encoded {
        readings = List.copyOf(readings);
    }
}
