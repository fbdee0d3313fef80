package dev.telemetry.simulator.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.model.Json;
import dev.telemetry.simulator.SimulatorConfig;
import dev.telemetry.simulator.cli.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code device-simulator bench}: one scenario against a running pipeline, measuring side by side the
 * publish rate, the broker's delivery to a no-op subscriber, the gateway's ingest rate (records in
 * {@code telemetry.readings}), the processor's rate (readings reflected in {@code telemetry.device-state})
 * and the end-to-end latency from MQTT publish to device state, plus what the scenario adds (recovery
 * after an outage, time until 100k devices are in the state, alert latency). See docs/benchmarks.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs one scenario against a running pipeline (./run-local, or a deployment) and measures, in one run:",
            "readings/s published, delivered by the broker to a no-op subscriber, written by the gateway to",
            "telemetry.readings and reflected by the processor in telemetry.device-state, end-to-end latency",
            "(MQTT publish to device state) percentiles and loss, plus the scenario's own figures.",
            "Writes result.json and report.html. Scenarios: " + Scenario.NAMES + "."},
        footer = {"", "Examples:",
            "  device-simulator bench --scenario steady --mqtt-url tcp://127.0.0.1:1883 --kafka 127.0.0.1:9092",
            "  device-simulator bench --scenario max-packs --duration 30s",
            "  device-simulator bench --scenario outage --outage-start-command 'docker compose pause kafka-1'"
                    + " --outage-end-command 'docker compose unpause kafka-1'",
            "  device-simulator bench --scenario alerts --api-url http://127.0.0.1:8080 --api-token \"$TOKEN\"",
            "Exit codes: 0 no loss (and every alert raised), 1 readings lost, alerts missed, publish errors or the"
                    + " probes failed, 2 invalid options."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "steady", paramLabel = "NAME",
            description = "steady (5,000 readings/s), max (single readings, closed loop), max-packs (10-reading SenML"
                    + " packs, closed loop), devices-100k, outage (Kafka unavailable mid-run), alerts (default:"
                    + " ${DEFAULT-VALUE}).")
    String scenarioName;

    @Option(names = "--mqtt-url", defaultValue = "${env:MQTT_URL:-tcp://localhost:1883}", paramLabel = "URL",
            description = "Broker the devices publish to (env MQTT_URL; default: ${DEFAULT-VALUE}).")
    String mqttUrl;

    @Option(names = "--kafka", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}", paramLabel = "SERVERS",
            description = "Kafka bootstrap servers of the pipeline (env KAFKA_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Properties file with the Kafka security keys (kafka.security.protocol, kafka.sasl.*,"
                    + " kafka.ssl.*), as for the gateway; the KAFKA_* environment variables work too.")
    Path kafkaConfig;

    @Option(names = "--devices", paramLabel = "N", description = "Devices (default: the scenario's).")
    Integer devices;

    @Option(names = "--rate", paramLabel = "R",
            description = "Target readings/s, all devices together (default: the scenario's; max: unbounded).")
    Double rate;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to publish (default: the scenario's).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "D", converter = DurationConverter.class,
            description = "Left out of rates and latency (default: 10s).")
    Duration warmup;

    @Option(names = "--drain", defaultValue = "60s", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to wait after publishing for the pipeline to catch up (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--connections", paramLabel = "N",
            description = "MQTT connections of the simulated devices (default: the scenario's; 4, devices-100k 20).")
    Integer connections;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "Unacknowledged QoS 1 messages per connection (default: 1000).")
    Integer maxInFlight;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            description = "Topic prefix the gateway decodes in the scenario's format (default: sensors; max-packs:"
                    + " senml, which the gateway must decode as SenML JSON, as the local stack does).")
    String topicPrefix;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--outage-start-command", paramLabel = "CMD",
            description = "outage: shell command that makes Kafka unavailable, e.g. 'docker compose pause kafka-1'.")
    String outageStartCommand;

    @Option(names = "--outage-end-command", paramLabel = "CMD",
            description = "outage: shell command that brings Kafka back, e.g. 'docker compose unpause kafka-1'.")
    String outageEndCommand;

    @Option(names = "--outage-after", paramLabel = "D", converter = DurationConverter.class,
            description = "outage: when Kafka goes away, after publishing starts (default: mid-run).")
    Duration outageAfter;

    @Option(names = "--outage-for", defaultValue = "30s", paramLabel = "D", converter = DurationConverter.class,
            description = "outage: how long Kafka stays unavailable (default: ${DEFAULT-VALUE}).")
    Duration outageFor;

    @Option(names = "--recovery-latency", defaultValue = "2s", paramLabel = "D", converter = DurationConverter.class,
            description = "outage: a stage has recovered once its p99 latency stays under this for 3 s"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration recoveryLatency;

    @Option(names = "--api-url", defaultValue = "${env:TELEMETRY_API_URL:-http://localhost:8080}", paramLabel = "URL",
            description = "alerts: the processor's HTTP API, for the rule (env TELEMETRY_API_URL; default: ${DEFAULT-VALUE}).")
    String apiUrl;

    @Option(names = "--api-token", defaultValue = "${env:TELEMETRY_API_TOKEN}", paramLabel = "TOKEN",
            description = "alerts: sent as 'Authorization: Bearer TOKEN' to the API (env TELEMETRY_API_TOKEN;"
                    + " default: none, as the local stack needs).")
    String apiToken;

    @Option(names = "--alerts", defaultValue = "20", paramLabel = "N",
            description = "alerts: spikes to inject, one per spike device (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--alert-interval", defaultValue = "2s", paramLabel = "D", converter = DurationConverter.class,
            description = "alerts: time between spikes, the first after the warm-up (default: ${DEFAULT-VALUE}).")
    Duration alertInterval;

    @Option(names = "--alert-timeout", defaultValue = "30s", paramLabel = "D", converter = DurationConverter.class,
            description = "alerts: a spike without RAISED this long after publishing ends counts as missed"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration alertTimeout;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where result.json and report.html go (default: bench-results/<scenario>-<UTC time>).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchSettings settings = settings();
        Path dir = output != null ? output : Path.of("bench-results", settings.scenario().name() + "-"
                + Instant.now().toString().replace(":", "").replaceAll("\\..*", "") + "Z");
        BenchResult result = BenchRun.execute(settings);
        write(dir, result);
        ResultTable.print(out, result, dir);
        return failed(result) ? 1 : 0;
    }

    /** Whether the run failed: readings lost, publish errors, a probe failed, or alerts missed. */
    static boolean failed(BenchResult r) {
        Map<String, Long> c = r.counts();
        Object missed = r.scenarioResults().get("missed");
        return c.get("lost") > 0 || c.get("publishErrors") > 0 || c.get("probeFailed") > 0
                || missed instanceof Number n && n.longValue() > 0;
    }

    private BenchSettings settings() {
        try {
            Scenario scenario = Scenario.named(scenarioName);
            String devicePrefix = "bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "-";
            Duration run = duration != null ? duration : scenario.duration();
            SimulatorConfig config = SimulatorConfig.builder().mqttUrl(mqttUrl)
                    .devices(devices != null ? devices : scenario.devices())
                    .readingsPerSecond(rate != null ? rate : scenario.rate()).duration(run)
                    .connections(connections != null ? connections : scenario.connections())
                    .maxInFlight(maxInFlight != null ? maxInFlight : scenario.maxInFlight())
                    .format(scenario.format()).seed(seed)
                    .topicPrefix(topicPrefix != null ? topicPrefix : scenario.topicPrefix()).devicePrefix(devicePrefix)
                    .clientIdPrefix(devicePrefix + "sim").build();
            Duration after = outageAfter != null ? outageAfter : run.minus(outageFor).dividedBy(2);
            KafkaSecurity kafkaSecurity;
            try {
                // no requireAllKeysKnown(): --kafka-config may be the gateway's file, with keys only it reads
                kafkaSecurity = KafkaSecurity.from(ConfigSource.load(kafkaConfig, System.getenv(), Map.of()));
            } catch (ConfigException e) {
                throw new IllegalArgumentException("Kafka security: " + e.getMessage(), e);
            }
            return new BenchSettings(scenario, config, kafka, kafkaSecurity, warmup != null ? warmup : scenario.warmup(), drain,
                    outageStartCommand, outageEndCommand, after, outageFor, recoveryLatency, apiUrl, apiToken, alerts,
                    alertInterval, alertTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    static void write(Path dir, BenchResult result) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("result.json"),
                Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(result), StandardCharsets.UTF_8);
    }
}
