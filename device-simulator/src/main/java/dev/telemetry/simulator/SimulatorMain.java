package dev.telemetry.simulator;

import dev.telemetry.simulator.bench.BenchCommand;
import dev.telemetry.simulator.cli.DurationConverter;
import dev.telemetry.simulator.cli.FaultOptions;
import dev.telemetry.simulator.cli.ProgressReporter;
import dev.telemetry.simulator.cli.SecurityOptions;
import dev.telemetry.simulator.cli.SummaryPrinter;
import dev.telemetry.simulator.cli.VersionProvider;
import dev.telemetry.simulator.replay.ReplayCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code device-simulator} command line: options to a {@link SimulatorConfig}, then one run. */
@Command(name = "device-simulator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {BenchCommand.class, ReplayCommand.class},
        description = {
            "Simulates many MQTT devices publishing sensor readings, and reports the rate achieved.",
            "",
            "A reading is one metric value. Every device tick sends ONE MQTT message carrying one reading of each"
                    + " metric (temperature, humidity, pressure: 3 readings per message), to <topic-prefix>/<deviceId>"
                    + " (with the default --format json):",
            "  {\"deviceId\":\"sim-00001\",\"ts\":<epoch ms>,\"seq\":<per device, from 0>,",
            "   \"temperature\":21.53,\"humidity\":45.2,\"pressure\":101325.0}",
            "So --rate R readings/s means R/3 messages/s in total, and each of the N devices publishes every"
                    + " 3*N/R seconds (100 devices at 1000 readings/s: 333.3 messages/s, every 300 ms per device)."
                    + " Devices are spread evenly over that interval.",
            "Other formats (--format senml-json, senml-cbor, plain, sparkplug-b, mixed) send the same readings with"
                    + " their own topics; plain sends one message per metric.",
            ""
        },
        footer = {
            "",
            "Runs until --duration or --count is reached, whichever comes first, or until Ctrl-C. Progress goes to"
                    + " stderr every 5 s; the summary goes to stdout and ends with one line",
            "  summary: messages=<n> readings=<n> errors=<n> seconds=<s> rate=<readings/s>",
            "Exit codes: 0 run completed (errors, if any, are in the summary), 1 could not start (e.g. broker"
                    + " unreachable) or the recording is incomplete, 2 invalid options.",
            "",
            "Example: device-simulator --devices 500 --rate 5000 --duration 30s --mqtt-url tcp://localhost:1883"
        })
public final class SimulatorMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--devices", defaultValue = "100", paramLabel = "N",
            description = "Number of simulated devices (default: ${DEFAULT-VALUE}).")
    private int devices;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "READINGS/S",
            description = "Target readings per second for the whole fleet, not messages: messages/s = rate / 3"
                    + " (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 30s, 5m, 1h (default: until Ctrl-C).")
    private Duration duration;

    @Option(names = "--count", paramLabel = "READINGS",
            description = "Stop after this many readings, rounded up to whole messages (default: no limit).")
    private Long count;

    @Option(names = "--mqtt-url", defaultValue = "${env:MQTT_URL:-tcp://localhost:1883}", paramLabel = "URL",
            description = "Broker URL: tcp://, ssl://, ws:// or wss:// (env MQTT_URL; default: tcp://localhost:1883).")
    private String mqttUrl;

    @Option(names = "--qos", defaultValue = "1", paramLabel = "0|1|2",
            description = "MQTT QoS of every message (default: ${DEFAULT-VALUE}).")
    private int qos;

    @Option(names = "--topic-prefix", defaultValue = "sensors", paramLabel = "PREFIX",
            description = "Messages go to <prefix>/<deviceId> (default: ${DEFAULT-VALUE}).")
    private String topicPrefix;

    @Option(names = "--device-prefix", defaultValue = "sim-", paramLabel = "PREFIX",
            description = "Device ids are the prefix and a 1-based, zero-padded number: sim-00001, sim-00002, ..."
                    + " (default: ${DEFAULT-VALUE}).")
    private String devicePrefix;

    @Option(names = "--connections", defaultValue = "1", paramLabel = "N",
            description = "MQTT connections to spread the devices over; device i publishes on connection i mod N"
                    + " (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of the simulated values: the same seed gives the same values per device and seq"
                    + " (default: random, printed in the summary).")
    private Long seed;

    @Option(names = "--username", defaultValue = "${env:MQTT_USERNAME}", paramLabel = "USER",
            description = "MQTT user name (env MQTT_USERNAME).")
    private String username;

    @Option(names = "--password", defaultValue = "${env:MQTT_PASSWORD}", paramLabel = "PASSWORD",
            description = "MQTT password (env MQTT_PASSWORD; prefer the variable to keep it out of the process list).")
    private String password;

    @Option(names = "--max-in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Unacknowledged messages allowed per connection, further capped by the broker's receive"
                    + " maximum; publishing waits when the window is full (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
            description = "Payload format: json, senml-json, senml-cbor, plain, sparkplug-b or mixed (default:"
                    + " ${DEFAULT-VALUE});"
                    + " see the README for topics and the matching gateway subscriptions.")
    private String format;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Write every delivered message as a JSON line {\"topic\":...,\"payload\":{...}} to FILE.")
    private Path record;

    @Option(names = "--mqtt-version", defaultValue = "5", paramLabel = "3|5",
            description = "MQTT protocol version: 5, or 3 for MQTT 3.1.1 (no content type travels, so the gateway"
                    + " must pick the decoder by subscription; not with --format mixed) (default: ${DEFAULT-VALUE}).")
    private int mqttVersion;

    @Mixin
    private SecurityOptions securityOptions = new SecurityOptions();

    @Mixin
    private FaultOptions faultOptions = new FaultOptions();

    @Option(names = "--progress", defaultValue = "5s", paramLabel = "INTERVAL", converter = DurationConverter.class,
            description = "Progress line interval on stderr; 0s for none (default: ${DEFAULT-VALUE}).")
    private Duration progress;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (tests use it with their own writers). */
    public static CommandLine commandLine() {
        return new CommandLine(new SimulatorMain()).setParameterExceptionHandler(SimulatorMain::invalidInput);
    }

    /** Invalid options: the reason and a hint, not the whole usage text, which would bury the reason. */
    private static int invalidInput(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("device-simulator: " + e.getMessage());
        err.println("Try 'device-simulator --help' for the options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The validated configuration; throws a picocli ParameterException (exit code 2) when invalid. */
    SimulatorConfig toConfig() {
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
        }
        if (progress.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--progress must not be negative, got " + progress);
        }
        SimulatorConfig.Builder builder = SimulatorConfig.builder()
                .devices(devices).readingsPerSecond(rate).duration(duration).count(count == null ? 0 : count)
                .mqttUrl(mqttUrl).qos(qos).topicPrefix(topicPrefix).devicePrefix(devicePrefix)
                .connections(connections).username(username).password(password).maxInFlight(maxInFlight)
                .format(format).recordFile(record).mqttVersion(mqttVersion)
                .connectionDrops(faultOptions.connectionDrops());
        if (seed != null) {
            builder.seed(seed);
        }
        try {
            builder.faults(faultOptions.toConfig());
            builder.password(securityOptions.password(password)).tls(securityOptions.tls());
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        SimulatorConfig cfg = toConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Simulator simulator;
        try {
            simulator = Simulator.start(cfg);
        } catch (SimulatorException e) {
            err.println("device-simulator: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> onShutdown(simulator, reported), "device-simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exitCode = 0;
        ProgressReporter progressReporter = ProgressReporter.start(simulator, err, progress);
        try {
            simulator.awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            progressReporter.close();
        }
        try {
            simulator.stop();
        } catch (SimulatorException e) {
            err.println("device-simulator: " + e.getMessage());
            exitCode = 1;
        }
        SummaryPrinter.print(out, simulator);
        reported.countDown();
        removeHook(hook);
        return exitCode;
    }

    /** Ctrl-C: stop the run, then give the main thread a moment to print the summary. */
    private static void onShutdown(Simulator simulator, CountDownLatch reported) {
        try {
            simulator.stop();
            reported.await(10, TimeUnit.SECONDS);
        } catch (SimulatorException e) {
            LOG.error("stopping failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM is shutting down (Ctrl-C); the shutdown hook is already running");
        }
    }
}
