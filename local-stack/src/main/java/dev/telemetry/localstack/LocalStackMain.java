package dev.telemetry.localstack;

import dev.telemetry.localstack.support.PortInUseException;
import dev.telemetry.localstack.support.TempDirs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar local-stack.jar}: the whole pipeline in one process, for trying it out and for demos. */
@Command(name = "local-stack", mixinStandardHelpOptions = true, version = "local-stack 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs the whole telemetry pipeline in one process: an embedded Kafka broker (KRaft), an embedded",
            "MQTT broker (HiveMQ CE), the ingest gateway, the stream processor with its HTTP API and, unless",
            "--no-simulator, a device simulator. Everything listens on 127.0.0.1 only.",
            "Ctrl-C (SIGTERM) stops everything cleanly."},
        footer = {"", "Environment: MQTT_PORT, KAFKA_PORT and HTTP_PORT set the ports when the options are absent.",
            "Exit codes: 0 stopped, 1 failed at start, 2 bad option or a port in use."})
public final class LocalStackMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(LocalStackMain.class);

    @Option(names = "--mqtt-port", defaultValue = "${env:MQTT_PORT:-1883}", paramLabel = "PORT",
            description = "MQTT port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(names = "--kafka-port", defaultValue = "${env:KAFKA_PORT:-9092}", paramLabel = "PORT",
            description = "Kafka port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--http-port", defaultValue = "${env:HTTP_PORT:-8080}", paramLabel = "PORT",
            description = "HTTP API port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--no-simulator", description = "Do not start the device simulator")
    boolean noSimulator;

    @Option(names = "--devices", defaultValue = "50", paramLabel = "N",
            description = "Simulated devices (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "150", paramLabel = "R",
            description = "Simulated readings per second, all devices together (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Write every message the simulator published (and the broker acknowledged) to FILE as JSON lines")
    Path record;

    @Option(names = "--kafka-outage-file", paramLabel = "FILE",
            description = "For outage tests (scripts/bench-outage): every Kafka client goes through a proxy on the"
                    + " Kafka port, and while FILE exists the proxy forwards nothing (Kafka hangs); delete it to"
                    + " end the outage")
    Path kafkaOutageFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep Kafka data and processor state in DIR across runs (default: a temporary directory deleted on exit)")
    Path dataDir;

    private final PrintStream out;

    LocalStackMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out).execute(args));
    }

    static CommandLine commandLine(PrintStream out) {
        CommandLine cli = new CommandLine(new LocalStackMain(out));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof PortInUseException) {
                cmd.getErr().println("local-stack: " + e.getMessage());
                return 2;
            }
            log.error("the local stack failed to start", e);
            cmd.getErr().println("local-stack: failed to start: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        boolean temporary = dataDir == null;
        Path data = temporary ? TempDirs.create("telemetry-local-") : dataDir.toAbsolutePath();
        LocalStackOptions options;
        LocalStack stack;
        try {
            options = new LocalStackOptions(mqttPort, kafkaPort, httpPort, data, !noSimulator, devices, rate, record,
                    kafkaOutageFile == null ? null : kafkaOutageFile.toAbsolutePath());
            stack = LocalStack.start(options);
        } catch (Exception e) {
            if (temporary) {
                TempDirs.deleteRecursively(data);
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            if (temporary) {
                TempDirs.deleteRecursively(data);
            }
            stopped.countDown();
        }, "local-stack-shutdown"));
        printEndpoints(stack, options);
        stopped.await();
        return 0;
    }

    private void printEndpoints(LocalStack stack, LocalStackOptions o) {
        String api = stack.apiBase();
        out.println();
        out.println("Local stack is up.");
        out.println("  MQTT      " + stack.mqttUrl() + "   (embedded HiveMQ CE; publish to sensors/<deviceId>)");
        out.println("  Kafka     " + stack.kafkaBootstrapServers() + "   (embedded KRaft broker; topics telemetry.*)");
        out.println("  Dashboard " + api + "/");
        out.println("  Devices   " + api + "/api/v1/devices");
        out.println("  Health    " + api + "/health/ready");
        out.println("  Metrics   " + api + "/metrics (processor), " + stack.gatewayBase() + "/metrics (gateway)");
        out.println("  Simulator " + (o.simulator() ? o.devices() + " devices, " + fmt(o.rate()) + " readings/s"
                + (o.record() == null ? "" : ", recording to " + o.record()) : "off (--no-simulator)"));
        if (o.kafkaOutageFile() != null) {
            out.println("  Outage    Kafka hangs while " + o.kafkaOutageFile() + " exists (touch it / rm it)");
        }
        out.println("  Data      " + o.dataDir() + (dataDir == null ? " (deleted on exit)" : ""));
        out.println("Try:");
        out.println("  curl -s '" + api + "/api/v1/devices?limit=5'");
        out.println("  mosquitto_pub -h 127.0.0.1 -p " + stack.mqttPort()
                + " -q 1 -t sensors/my-device -m '{\"temperature\":21.5}'");
        out.println("  curl -s " + api + "/api/v1/devices/my-device");
        out.println("  kcat -b " + stack.kafkaBootstrapServers() + " -t telemetry.readings -C -o -5 -e");
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    private static String fmt(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
