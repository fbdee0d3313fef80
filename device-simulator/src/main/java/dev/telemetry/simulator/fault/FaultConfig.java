package dev.telemetry.simulator.fault;

import java.time.Duration;

/**
 * Which faults a run injects, and how often. Every rate is a probability per message (per device
 * for {@code skewedDevices}), 0 to 1; all zero means a clean run. Validated on construction: an
 * {@link IllegalArgumentException} names the command-line option.
 *
 * @param duplicateRate    a message is published twice, back to back (identical bytes)
 * @param reorderRate      a message is held back and published after 1..{@code reorderMaxTicks} later
 *                         messages of the same device, so it arrives out of event-time order
 * @param reorderMaxTicks  the reorder bound, in messages of the same device
 * @param lateRate         a message carries an event time {@code lateBy} in the past (beyond the
 *                         processor's window grace when {@code lateBy} exceeds it)
 * @param lateBy           how far in the past a late message's event time lies
 * @param skewedDevices    fraction of devices whose clock is off by a constant amount
 * @param maxSkew          a skewed device's clock is off by up to this much, either way
 * @param malformedRate    a message's payload is cut in half (not decodable: dead-lettered)
 * @param oversizedRate    a message is padded to {@code oversizedBytes} (too large: dead-lettered)
 * @param oversizedBytes   the size of an oversized payload
 * @param spikeRate        one value of a message is multiplied by {@code spikeFactor} (a ground-truth anomaly)
 * @param spikeFactor      how large a spike is
 * @param silenceRate      a device stops publishing for {@code silenceFor} (its next message after that is
 *                         marked {@code AFTER_SILENCE}: ground truth for offline detection)
 * @param silenceFor       how long a silence lasts
 * @param flatlineRate     one metric of a device repeats its last value for {@code flatlineFor} (a
 *                         ground-truth anomaly; messages marked {@code FLATLINE})
 * @param flatlineFor      how long a flatline lasts
 */
public record FaultConfig(
        double duplicateRate,
        double reorderRate,
        int reorderMaxTicks,
        double lateRate,
        Duration lateBy,
        double skewedDevices,
        Duration maxSkew,
        double malformedRate,
        double oversizedRate,
        int oversizedBytes,
        double spikeRate,
        double spikeFactor,
        double silenceRate,
        Duration silenceFor,
        double flatlineRate,
        Duration flatlineFor) {

    /** No faults, with the documented defaults for bounds and sizes. */
    public static final FaultConfig NONE = new FaultConfig(0, 0, 3, 0, Duration.ofMinutes(10), 0,
            Duration.ofSeconds(30), 0, 0, 300_000, 0, 5, 0, Duration.ofMinutes(2), 0, Duration.ofMinutes(2));

    /** Without silences and flatlines. */
    public FaultConfig(double duplicateRate, double reorderRate, int reorderMaxTicks, double lateRate, Duration lateBy,
            double skewedDevices, Duration maxSkew, double malformedRate, double oversizedRate, int oversizedBytes,
            double spikeRate, double spikeFactor) {
        this(duplicateRate, reorderRate, reorderMaxTicks, lateRate, lateBy, skewedDevices, maxSkew, malformedRate,
                oversizedRate, oversizedBytes, spikeRate, spikeFactor, 0, Duration.ofMinutes(2), 0,
                Duration.ofMinutes(2));
    }

    public FaultConfig {
        rate("--duplicates", duplicateRate);
        rate("--reorder", reorderRate);
        rate("--late", lateRate);
        rate("--skewed-devices", skewedDevices);
        rate("--malformed", malformedRate);
        rate("--oversized", oversizedRate);
        rate("--spikes", spikeRate);
        rate("--silences", silenceRate);
        rate("--flatlines", flatlineRate);
        check(silenceFor != null && !silenceFor.isNegative() && !silenceFor.isZero(),
                "--silence-for must be positive, got " + silenceFor);
        check(flatlineFor != null && !flatlineFor.isNegative() && !flatlineFor.isZero(),
                "--flatline-for must be positive, got " + flatlineFor);
        check(reorderMaxTicks >= 1 && reorderMaxTicks <= 1000,
                "--reorder-max-ticks must be between 1 and 1000, got " + reorderMaxTicks);
        check(lateBy != null && !lateBy.isNegative() && !lateBy.isZero(), "--late-by must be positive, got " + lateBy);
        check(maxSkew != null && !maxSkew.isNegative(), "--max-skew must not be negative, got " + maxSkew);
        check(oversizedBytes >= 1024 && oversizedBytes <= 64 * 1024 * 1024,
                "--oversized-bytes must be between 1024 and 67108864, got " + oversizedBytes);
        check(Double.isFinite(spikeFactor) && Math.abs(spikeFactor) > 1,
                "--spike-factor must be a finite number greater than 1 or less than -1, got " + spikeFactor);
        check(duplicateRate + malformedRate + oversizedRate <= 1,
                "--duplicates, --malformed and --oversized together must not exceed 1");
    }

    /** True when nothing is injected. */
    public boolean isNone() {
        return duplicateRate == 0 && reorderRate == 0 && lateRate == 0 && skewedDevices == 0 && malformedRate == 0
                && oversizedRate == 0 && spikeRate == 0 && silenceRate == 0 && flatlineRate == 0;
    }

    private static void rate(String option, double value) {
        check(value >= 0 && value <= 1, option + " must be a rate between 0 and 1, got " + value);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
