package dev.telemetry.simulator.device;

/**
 * One metric of one simulated device: a deterministic stream of values. An instance belongs to a
 * single device and is called from one thread at a time, once per device tick, in tick order.
 */
public interface Signal {

    /** The metric name as it appears in payloads, e.g. {@code temperature}. */
    String metric();

    /** The SenML unit of the values, e.g. {@code Cel}, {@code %RH}, {@code Pa}. */
    String unit();

    /**
     * The value for the device's tick {@code seq}. Values depend only on the device's random
     * stream and on {@code seq}, never on the wall clock, so a run is reproducible from its seed.
     */
    double next(long seq);
}
