package dev.telemetry.processor.anomaly.nab;

/**
 * A NAB application profile: the weights of its cost matrix (NAB's tnWeight is never used in scoring).
 *
 * @param name e.g. {@code standard}
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    /** NAB's standard profile: TP 1, FP 0.11, FN 1. */
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
}
