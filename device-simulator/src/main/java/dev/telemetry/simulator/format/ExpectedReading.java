package dev.telemetry.simulator.format;

/**
 * A reading a message carries, as the gateway will publish it: the test oracle written to the
 * {@code --record} file. The format decides how the gateway names the device (a Sparkplug edge
 * node is {@code <group>/<edge node>}) and whether the event time travels with the value.
 *
 * @param deviceId  the device id the gateway derives
 * @param metric    the metric name
 * @param value     the value, in {@code unit} (the gateway's canonical unit for the quantity)
 * @param unit      the unit the payload states, or null when the format carries none
 * @param eventTime epoch milliseconds the payload states, or null when the gateway uses its
 *                  receipt time ({@code plain})
 */
public record ExpectedReading(String deviceId, String metric, double value, String unit, Long eventTime) {
}
