package dev.telemetry.simulator.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.model.Json;
import dev.telemetry.model.Topics;
import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.SimulatorConfig;
import dev.telemetry.simulator.cli.DurationConverter;
import dev.telemetry.simulator.device.MetricSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code device-simulator bench}: one steady-load scenario against a running pipeline, measuring side
 * by side the publish rate, the broker's delivery to a no-op subscriber, the gateway's ingest rate
 * (records in {@code telemetry.readings}), the processor's rate (readings reflected in
 * {@code telemetry.device-state}) and the end-to-end latency from MQTT publish to device state.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs one steady-load scenario against a running pipeline (./run-local, or a deployment) and measures,",
            "in one run: readings/s published, delivered by the broker to a no-op subscriber, written by the gateway",
            "to telemetry.readings and reflected by the processor in telemetry.device-state, plus end-to-end",
            "latency (MQTT publish to device state) percentiles and loss. Writes result.json and report.html."},
        footer = {"", "Example: device-simulator bench --mqtt-url tcp://127.0.0.1:1883 --kafka 127.0.0.1:9092"
                + " --devices 500 --rate 5000 --duration 60s",
            "Exit codes: 0 no loss, 1 readings lost or the probes failed, 2 invalid options."})
public final class BenchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    @Spec
    private CommandSpec spec;

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

    @Option(names = "--devices", defaultValue = "500", paramLabel = "N", description = "Devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", defaultValue = "5000", paramLabel = "R",
            description = "Target readings/s, all devices together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to publish (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class,
            description = "Left out of rates and latency (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--drain", defaultValue = "60s", paramLabel = "D", converter = DurationConverter.class,
            description = "How long to wait after publishing for the pipeline to catch up (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--connections", defaultValue = "4", paramLabel = "N",
            description = "MQTT connections of the simulated devices (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--topic-prefix", defaultValue = "sensors", paramLabel = "PREFIX",
            description = "Topic prefix the gateway subscribes to (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where result.json and report.html go (default: bench-results/<UTC time>).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!(warmup.compareTo(duration) < 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--warmup (" + warmup + ") must be shorter than --duration (" + duration + ")");
        }
        String devicePrefix = "bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "-";
        SimulatorConfig config;
        try {
            config = SimulatorConfig.builder().mqttUrl(mqttUrl).devices(devices).readingsPerSecond(rate)
                    .duration(duration).connections(connections).seed(seed).topicPrefix(topicPrefix)
                    .devicePrefix(devicePrefix).clientIdPrefix(devicePrefix + "sim").build();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        int metricsPerMessage = MetricSet.standard().size();
        Path dir = output != null ? output : Path.of("bench-results",
                Instant.now().toString().replace(":", "").replaceAll("\\..*", "") + "Z");

        KafkaSecurity kafkaSecurity;
        try {
            kafkaSecurity = KafkaSecurity.from(ConfigSource.load(kafkaConfig, System.getenv(), Map.of()));
        } catch (ConfigException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Kafka security: " + e.getMessage(), e);
        }
        Timeline timeline = new Timeline();
        long startNanos;
        Simulator simulator;
        boolean probeFailed;
        try (KafkaProbe kafkaProbe = KafkaProbe.start(kafka, kafkaSecurity, Topics.READINGS, Topics.DEVICE_STATE, devicePrefix);
                BrokerProbe brokerProbe = BrokerProbe.start(mqttUrl, topicPrefix, devicePrefix)) {
            long warmupEnd = System.currentTimeMillis() + warmup.toMillis();
            kafkaProbe.measureFrom(warmupEnd);
            startNanos = System.nanoTime();
            simulator = Simulator.start(config);
            LOG.info("benchmark: {} devices ({}*), {} readings/s for {}, warm-up {}", devices, devicePrefix,
                    rate, duration, warmup);
            while (!simulator.awaitCompletion(Duration.ofSeconds(1))) {
                sample(timeline, startNanos, simulator, brokerProbe, kafkaProbe, metricsPerMessage);
            }
            simulator.stop();
            long published = simulator.summary().readings();
            long drainEnd = System.nanoTime() + drain.toNanos();
            long lastProgress = System.nanoTime();
            long lastSeen = -1;
            while (System.nanoTime() - drainEnd < 0) {
                sample(timeline, startNanos, simulator, brokerProbe, kafkaProbe, metricsPerMessage);
                long seen = kafkaProbe.uniqueGatewayReadings() + kafkaProbe.processorReadings();
                if (kafkaProbe.uniqueGatewayReadings() >= published && kafkaProbe.processorReadings() >= published) {
                    break;
                }
                if (seen != lastSeen) {
                    lastSeen = seen;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(15).toNanos()) {
                    LOG.warn("no progress for 15 s while draining; giving up waiting");
                    break;
                }
                Thread.sleep(1000);
            }
            sample(timeline, startNanos, simulator, brokerProbe, kafkaProbe, metricsPerMessage);
            probeFailed = kafkaProbe.failure() != null;

            BenchResult result = result(config, simulator, kafkaProbe, brokerProbe, timeline, metricsPerMessage);
            write(dir, result);
            print(out, result, dir);
            long lost = result.counts().get("lost");
            return lost > 0 || probeFailed || simulator.summary().errors() > 0 ? 1 : 0;
        }
    }

    private static void sample(Timeline timeline, long startNanos, Simulator simulator, BrokerProbe broker,
            KafkaProbe kafka, int metricsPerMessage) {
        timeline.add(new Timeline.Sample((System.nanoTime() - startNanos) / 1e9, simulator.summary().readings(),
                broker.messages() * metricsPerMessage, kafka.gatewayReadings(), kafka.processorReadings()));
    }

    private BenchResult result(SimulatorConfig config, Simulator simulator, KafkaProbe probe, BrokerProbe broker,
            Timeline timeline, int metricsPerMessage) {
        double from = warmup.toMillis() / 1000.0;
        double to = duration.toMillis() / 1000.0;
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("scenario", "steady");
        scenario.put("devices", devices);
        scenario.put("targetReadingsPerSecond", rate);
        scenario.put("readingsPerMessage", metricsPerMessage);
        scenario.put("duration", duration.toString());
        scenario.put("warmup", warmup.toString());
        scenario.put("mqttConnections", connections);
        scenario.put("qos", config.qos());
        scenario.put("mqttUrl", mqttUrl);
        scenario.put("kafka", kafka);
        scenario.put("devicePrefix", config.devicePrefix());
        scenario.put("seed", seed);

        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("published", timeline.meanRate(1, from, to));
        rates.put("broker", timeline.meanRate(2, from, to));
        rates.put("gateway", timeline.meanRate(3, from, to));
        rates.put("processor", timeline.meanRate(4, from, to));

        Histogram h = probe.latency();
        Map<String, Double> latency = new LinkedHashMap<>();
        latency.put("p50", (double) h.getValueAtPercentile(50));
        latency.put("p90", (double) h.getValueAtPercentile(90));
        latency.put("p99", (double) h.getValueAtPercentile(99));
        latency.put("p99.9", (double) h.getValueAtPercentile(99.9));
        latency.put("max", (double) h.getMaxValue());
        latency.put("count", (double) h.getTotalCount());

        long published = simulator.summary().readings();
        long unique = probe.uniqueGatewayReadings();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("published", published);
        counts.put("publishErrors", simulator.summary().errors());
        counts.put("brokerDelivered", broker.messages() * metricsPerMessage);
        counts.put("gateway", probe.gatewayReadings());
        counts.put("gatewayUnique", unique);
        counts.put("duplicates", probe.gatewayReadings() - unique);
        counts.put("lost", Math.max(0, published - unique));
        counts.put("processor", probe.processorReadings());

        Map<String, String> env = new LinkedHashMap<>();
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("benchMaxHeapMb", Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        env.put("time", Instant.now().toString());
        return new BenchResult(scenario, rates, latency, counts, timeline.rates(), env);
    }

    private static void write(Path dir, BenchResult result) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("result.json"),
                Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(result), StandardCharsets.UTF_8);
    }

    private static void print(PrintWriter out, BenchResult r, Path dir) {
        out.println();
        out.printf(Locale.ROOT, "benchmark: %s devices, target %s readings/s, %s (warm-up %s)%n",
                r.scenario().get("devices"), r.scenario().get("targetReadingsPerSecond"), r.scenario().get("duration"),
                r.scenario().get("warmup"));
        out.printf(Locale.ROOT, "  %-34s %12s%n", "stage", "readings/s");
        out.printf(Locale.ROOT, "  %-34s %12.0f%n", "published (QoS 1, acked)", r.rates().get("published"));
        out.printf(Locale.ROOT, "  %-34s %12.0f%n", "broker -> no-op subscriber", r.rates().get("broker"));
        out.printf(Locale.ROOT, "  %-34s %12.0f%n", "gateway -> telemetry.readings", r.rates().get("gateway"));
        out.printf(Locale.ROOT, "  %-34s %12.0f%n", "processor -> telemetry.device-state", r.rates().get("processor"));
        out.printf(Locale.ROOT, "  latency publish -> state (ms): p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f"
                        + "  (%d readings)%n", r.latencyMillis().get("p50"), r.latencyMillis().get("p90"),
                r.latencyMillis().get("p99"), r.latencyMillis().get("p99.9"), r.latencyMillis().get("max"),
                r.latencyMillis().get("count").longValue());
        out.printf(Locale.ROOT, "  published %d, in Kafka %d (%d unique, %d duplicates), lost %d, reflected in state %d%n",
                r.counts().get("published"), r.counts().get("gateway"), r.counts().get("gatewayUnique"),
                r.counts().get("duplicates"), r.counts().get("lost"), r.counts().get("processor"));
        out.println("  results: " + dir.resolve("result.json") + ", " + dir.resolve("report.html"));
        out.flush();
    }
}
