package dev.telemetry.simulator.fault;

import java.util.List;

/**
 * One MQTT message to publish.
 *
 * @param payload  the bytes
 * @param readings how many readings it carries when decoded (0 when it cannot be decoded)
 * @param json     whether the payload is a JSON document (the recording embeds it as JSON)
 * @param faults   what was injected into it, empty for a clean message
 * @param spiked   the metric whose value was spiked, or null
 * @param flat     the metric held flat, or null
 */
public record Outgoing(byte[] payload, int readings, boolean json, List<Fault> faults, String spiked, String flat) {

    public Outgoing {
        faults = List.copyOf(faults);
    }

    /** Without a flatline. */
    public Outgoing(byte[] payload, int readings, boolean json, List<Fault> faults, String spiked) {
        this(payload, readings, json, faults, spiked, null);
    }

    /** The same message with one more fault. */
    Outgoing with(Fault fault) {
        List<Fault> more = new java.util.ArrayList<>(faults);
        more.add(fault);
        return new Outgoing(payload, readings, json, more, spiked, flat);
    }
}
