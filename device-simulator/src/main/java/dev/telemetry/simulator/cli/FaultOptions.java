package dev.telemetry.simulator.cli;

import dev.telemetry.simulator.fault.FaultConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The fault-injection options ({@code --duplicates 0.01 --reorder 0.05 ...}); all off by default. */
public final class FaultOptions {

    @Option(names = "--duplicates", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: share of messages published twice (0..1; default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--reorder", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: share of messages held back and published after later ones of the same device.")
    double reorder;

    @Option(names = "--reorder-max-ticks", paramLabel = "N", defaultValue = "3",
            description = "Reorder bound: a held-back message is published after at most N later messages of its"
                    + " device (default: ${DEFAULT-VALUE}).")
    int reorderMaxTicks;

    @Option(names = "--late", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: share of messages whose event time lies --late-by in the past.")
    double late;

    @Option(names = "--late-by", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How late a late message is (default: ${DEFAULT-VALUE}; beyond the processor's window grace).")
    Duration lateBy;

    @Option(names = "--skewed-devices", paramLabel = "FRACTION", defaultValue = "0",
            description = "Fault: share of devices whose clock is off by a constant amount up to --max-skew.")
    double skewedDevices;

    @Option(names = "--max-skew", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Largest clock error of a skewed device, either way (default: ${DEFAULT-VALUE}).")
    Duration maxSkew;

    @Option(names = "--malformed", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: share of messages cut in half (undecodable; the gateway dead-letters them).")
    double malformed;

    @Option(names = "--oversized", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: share of messages padded to --oversized-bytes (dead-lettered as too large).")
    double oversized;

    @Option(names = "--oversized-bytes", paramLabel = "BYTES", defaultValue = "300000",
            description = "Size of an oversized message (default: ${DEFAULT-VALUE}; the gateway's limit is 262144).")
    int oversizedBytes;

    @Option(names = "--spikes", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: share of messages with one value multiplied by --spike-factor (ground-truth"
                    + " anomalies, marked in the --record file).")
    double spikes;

    @Option(names = "--spike-factor", paramLabel = "F", defaultValue = "5",
            description = "Spike size (default: ${DEFAULT-VALUE}).")
    double spikeFactor;

    @Option(names = "--silences", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: chance per message that the device goes silent for --silence-for (its next message"
                    + " is marked AFTER_SILENCE in the --record file).")
    double silences;

    @Option(names = "--silence-for", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long a silence lasts (default: ${DEFAULT-VALUE}).")
    Duration silenceFor;

    @Option(names = "--flatlines", paramLabel = "RATE", defaultValue = "0",
            description = "Fault: chance per message that one metric repeats its value for --flatline-for"
                    + " (ground-truth anomalies, marked FLATLINE in the --record file).")
    double flatlines;

    @Option(names = "--flatline-for", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long a flatline lasts (default: ${DEFAULT-VALUE}).")
    Duration flatlineFor;

    @Option(names = "--connection-drops", paramLabel = "PER_MINUTE", defaultValue = "0",
            description = "Fault: drops per MQTT connection per minute at the target rate. The TCP socket is closed"
                    + " under the client (no DISCONNECT); it reconnects and resumes its session, resending QoS 1/2"
                    + " messages in flight. Needs tcp://. Drawn per tick from --seed (default: ${DEFAULT-VALUE}).")
    double connectionDrops;

    /** Drops per connection per minute ({@code --connection-drops}); validated by {@code SimulatorConfig}. */
    public double connectionDrops() {
        return connectionDrops;
    }

    /** The validated configuration; IllegalArgumentException names the offending option. */
    public FaultConfig toConfig() {
        return new FaultConfig(duplicates, reorder, reorderMaxTicks, late, lateBy, skewedDevices, maxSkew, malformed,
                oversized, oversizedBytes, spikes, spikeFactor, silences, silenceFor, flatlines, flatlineFor);
    }
}
