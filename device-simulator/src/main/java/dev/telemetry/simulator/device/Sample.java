package dev.telemetry.simulator.device;

import java.util.List;
import java.util.Objects;

/**
 * What one device measured at one tick: the content of one MQTT message.
 *
 * @param deviceId  the device id, e.g. {@code sim-00001}
 * @param timestamp epoch milliseconds when the tick fired
 * @param seq       the device's tick counter, starting at 0
 * @param values    one value per metric, in the metric set's order
 */
public record Sample(String deviceId, long timestamp, long seq, List<Measurement> values) {

    public Sample {
        Objects.requireNonNull(deviceId, "deviceId");
        values = List.copyOf(values);
    }

    /** One metric value. */
    public record Measurement(String metric, String unit, double value) {
    }
}
