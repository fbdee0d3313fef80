package dev.telemetry.simulator.format;

import dev.telemetry.simulator.device.Sample;
import java.util.List;

/**
 * Turns one device's samples into its MQTT messages. May keep per-device state (Sparkplug's birth
 * and sequence number); not thread-safe: one encoder per device, ticked by one thread.
 */
public interface DeviceEncoder {

    /** The format that made this encoder (for mixed runs: the device's own format). */
    PayloadFormat format();

    /** The messages of one tick, in publish order. */
    List<Encoded> encode(Sample sample);
}
