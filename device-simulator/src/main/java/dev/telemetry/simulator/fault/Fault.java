package dev.telemetry.simulator.fault;

/** An injected fault, as named in the recording ({@code "faults":["LATE"]}). */
public enum Fault {
    /** The second copy of a message published twice. */
    DUPLICATE,
    /** Held back and published after later messages of the same device. */
    REORDERED,
    /** Event time {@code lateBy} in the past. */
    LATE,
    /** From a device whose clock is off (every message of that device). */
    SKEWED,
    /** Payload cut in half: not decodable. */
    MALFORMED,
    /** Payload padded beyond the gateway's size limit. */
    OVERSIZED,
    /** One value multiplied by the spike factor: a ground-truth anomaly. */
    SPIKE,
    /** One metric repeats its value while a flatline lasts: a ground-truth anomaly. */
    FLATLINE,
    /** The first message after the device was silent for a while. */
    AFTER_SILENCE
}
