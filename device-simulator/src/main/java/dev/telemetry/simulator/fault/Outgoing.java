package dev.telemetry.simulator.fault;

import dev.telemetry.simulator.format.Encoded;
import dev.telemetry.simulator.format.ExpectedReading;
import java.util.ArrayList;
import java.util.List;

/**
 * One MQTT message to publish.
 *
 * @param topic       where it goes, or null for the publisher's caller to say
 * @param payload     the bytes
 * @param contentType its MQTT 5 content type, or null for the connection's default
 * @param json        whether the payload is a JSON document (the recording embeds it as JSON)
 * @param readings    how many readings it carries when decoded (0 when it cannot be decoded)
 * @param expected    those readings as the gateway will publish them (the recording's oracle); may be
 *                    empty when the caller did not compute them
 * @param faults      what was injected into it, empty for a clean message
 * @param spiked      the metric whose value was spiked, or null
 * @param flat        the metric held flat, or null
 */
public record Outgoing(String topic, byte[] payload, String contentType, boolean json, int readings,
        List<ExpectedReading> expected, List<Fault> faults, String spiked, String flat) {

    public Outgoing {
        expected = List.copyOf(expected);
        faults = List.copyOf(faults);
    }

    /** Without topic, content type, expected readings and flatline. */
    public Outgoing(byte[] payload, int readings, boolean json, List<Fault> faults, String spiked) {
        this(null, payload, null, json, readings, List.of(), faults, spiked, null);
    }

    /** A clean message as encoded. */
    public static Outgoing of(Encoded e) {
        return new Outgoing(e.topic(), e.payload(), e.contentType(), e.json(), e.readings().size(), e.readings(),
                List.of(), null, null);
    }

    /** The same message with one more fault. */
    Outgoing with(Fault fault) {
        List<Fault> more = new ArrayList<>(faults);
        more.add(fault);
        return new Outgoing(topic, payload, contentType, json, readings, expected, more, spiked, flat);
    }
}
