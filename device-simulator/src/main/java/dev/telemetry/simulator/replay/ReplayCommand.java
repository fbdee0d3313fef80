package dev.telemetry.simulator.replay;

import dev.telemetry.simulator.SimulatorException;
import dev.telemetry.simulator.Summary;
import dev.telemetry.simulator.cli.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code device-simulator replay FILE ...}: publishes a recording or a dataset again. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Publishes a --record file as it was sent (same topics, payload bytes and content types), or a CSV /"
                    + " JSON / JSON-lines dataset mapped to the json format, at the original pace, faster, or as fast"
                    + " as possible.",
            ""
        },
        footer = {
            "",
            "Examples (see the README for the gateway side):",
            "  device-simulator replay sent.jsonl --speed max",
            "  device-simulator replay machine_temperature_system_failure.csv --device-id nab-machine-temp"
                    + " --time-column timestamp --time-format 'yyyy-MM-dd HH:mm:ss' --value-column value"
                    + " --metric temperature --speed 3600",
            "  device-simulator replay raw_data_large.json --device-column device --time-column ts"
                    + " --time-format epoch-s --metric-columns data.temp,data.humidity,data.co --speed 100 --shift-to-now",
            "The summary line is the simulator's: summary: messages=<n> readings=<n> errors=<n> seconds=<s> rate=<r>"
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A --record file or a dataset.")
    private Path file;

    @Option(names = "--input", defaultValue = "auto", paramLabel = "KIND",
            description = "auto, recording, csv or json (array or JSON lines); auto: a recording when the first line"
                    + " is one, else .csv/.txt as CSV and anything else as JSON (default: ${DEFAULT-VALUE}).")
    private String input;

    @Option(names = "--device-column", paramLabel = "COLUMN", description = "Dataset column of the device id.")
    private String deviceColumn;

    @Option(names = "--device-id", paramLabel = "ID", description = "Device id of every row (single-series files).")
    private String deviceId;

    @Option(names = "--time-column", paramLabel = "COLUMN", description = "Dataset column of the time.")
    private String timeColumn;

    @Option(names = "--time-format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto, epoch-ms, epoch-s, iso, or a pattern read as UTC such as 'yyyy-MM-dd HH:mm:ss'"
                    + " (default: ${DEFAULT-VALUE}).")
    private String timeFormat;

    @Option(names = "--metric-columns", paramLabel = "COLUMNS",
            description = "Comma-separated value columns; dotted paths into JSON objects; named after the last"
                    + " segment unless renamed: data.temp=temperature.")
    private String metricColumns;

    @Option(names = "--value-column", paramLabel = "COLUMN", description = "The one value column (with --metric).")
    private String valueColumn;

    @Option(names = "--metric", paramLabel = "NAME", description = "Metric name of --value-column.")
    private String metric;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "ROWS",
            description = "Replay at most this many dataset rows; 0 for all (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "FACTOR|max",
            description = "1 original pace, 10 ten times faster, max without waiting (default: ${DEFAULT-VALUE}).")
    private String speed;

    @Option(names = "--shift-to-now", description = "Datasets: event times become the replay's own, spaced as the"
            + " replay paces them (default: the original times).")
    private boolean shiftToNow;

    @Option(names = "--topic-prefix", defaultValue = "sensors", paramLabel = "PREFIX",
            description = "Datasets go to <prefix>/<deviceId> (default: ${DEFAULT-VALUE}).")
    private String topicPrefix;

    @Option(names = "--mqtt-url", defaultValue = "${env:MQTT_URL:-tcp://localhost:1883}", paramLabel = "URL",
            description = "Broker URL (env MQTT_URL; default: tcp://localhost:1883).")
    private String mqttUrl;

    @Option(names = "--mqtt-version", defaultValue = "5", paramLabel = "3|5",
            description = "5, or 3 for MQTT 3.1.1 (no content type travels) (default: ${DEFAULT-VALUE}).")
    private int mqttVersion;

    @Option(names = "--qos", defaultValue = "1", paramLabel = "0|1|2", description = "QoS (default: ${DEFAULT-VALUE}).")
    private int qos;

    @Option(names = "--username", defaultValue = "${env:MQTT_USERNAME}", paramLabel = "USER",
            description = "MQTT user name (env MQTT_USERNAME).")
    private String username;

    @Option(names = "--password", defaultValue = "${env:MQTT_PASSWORD}", paramLabel = "PASSWORD",
            description = "MQTT password (env MQTT_PASSWORD).")
    private String password;

    @Option(names = "--client-id", paramLabel = "ID", description = "MQTT client id (default: device-simulator-replay-<random>).")
    private String clientId;

    @Option(names = "--max-in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Unacknowledged messages allowed (default: ${DEFAULT-VALUE}).")
    private int maxInFlight;

    @Option(names = "--drain", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the last acknowledgements (default: ${DEFAULT-VALUE}).")
    private Duration drain;

    /** The validated configuration; a ParameterException (exit code 2) names the option. */
    public ReplayConfig toConfig() {
        try {
            double factor = parseSpeed(speed);
            boolean dataset = deviceColumn != null || deviceId != null || timeColumn != null || metricColumns != null
                    || valueColumn != null;
            ColumnMapping mapping = dataset ? new ColumnMapping(deviceColumn, deviceId, timeColumn,
                    TimeFormat.of(timeFormat), ColumnMapping.metrics(metricColumns, valueColumn, metric)) : null;
            String id = clientId != null ? clientId
                    : "device-simulator-replay-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            return new ReplayConfig(file, input, mapping, limit, factor, shiftToNow, topicPrefix, mqttUrl, username,
                    password, qos, mqttVersion, id, maxInFlight, Duration.ofSeconds(10), drain);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    static double parseSpeed(String text) {
        if (text.equalsIgnoreCase("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--speed must be a positive factor (1 original pace, 10 ten times"
                + " faster) or max, got '" + text + "'");
    }

    @Override
    public Integer call() throws InterruptedException {
        ReplayConfig cfg = toConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Replay.Result result;
        try {
            result = Replay.run(cfg, () -> false);
        } catch (SimulatorException e) {
            err.println("device-simulator replay: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Summary s = result.summary();
        out.printf(Locale.ROOT, "device-simulator replay: %s, %d messages%s%n", cfg.file(), result.items(),
                result.skippedRows() > 0 ? " (" + result.skippedRows() + " rows without values skipped)" : "");
        out.printf(Locale.ROOT, "  messages sent  %d%n  readings sent  %d%n  errors         %d%n  duration       %.3f s%n",
                s.messages(), s.readings(), s.errors(), s.elapsed().toNanos() / 1e9);
        out.println(s.toLine());
        out.flush();
        return 0;
    }
}
