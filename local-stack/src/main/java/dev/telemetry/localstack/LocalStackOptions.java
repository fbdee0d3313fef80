package dev.telemetry.localstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the local stack runs with. Every listener binds to 127.0.0.1: the local stack is for one
 * machine; a deployment uses real brokers.
 *
 * @param mqttPort  MQTT broker port (default 1883), 0 for any free port
 * @param kafkaPort Kafka broker port (default 9092), 0 for any free port
 * @param httpPort  query API port (default 8080), 0 for any free port
 * @param dataDir   where Kafka logs, broker data and Streams state live
 * @param simulator whether to run the device simulator
 * @param devices   simulated devices
 * @param rate      simulated readings per second, in total
 * @param record    file the simulator writes every acknowledged message to, or null
 * @param kafkaOutageFile when set, Kafka's clients go through a proxy on {@code kafkaPort} that forwards
 *                  nothing while this file exists (Kafka hangs), for the benchmark's outage scenario; or null
 */
public record LocalStackOptions(int mqttPort, int kafkaPort, int httpPort, Path dataDir, boolean simulator,
        int devices, double rate, Path record, Path kafkaOutageFile) {

    /** Without an outage file. */
    public LocalStackOptions(int mqttPort, int kafkaPort, int httpPort, Path dataDir, boolean simulator, int devices,
            double rate, Path record) {
        this(mqttPort, kafkaPort, httpPort, dataDir, simulator, devices, rate, record, null);
    }

    /** How long the stack waits for the stream processor to answer queries. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    public LocalStackOptions {
        requirePort("--mqtt-port", mqttPort);
        requirePort("--kafka-port", kafkaPort);
        requirePort("--http-port", httpPort);
        if (mqttPort != 0 && (mqttPort == kafkaPort || mqttPort == httpPort) || kafkaPort != 0 && kafkaPort == httpPort) {
            throw new IllegalArgumentException("--mqtt-port, --kafka-port and --http-port must differ, got "
                    + mqttPort + ", " + kafkaPort + " and " + httpPort);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        if (devices < 1) {
            throw new IllegalArgumentException("--devices must be at least 1, got " + devices);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a positive number of readings per second, got " + rate);
        }
    }

    private static void requirePort(String option, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(option + " must be a port number 1..65535 (or 0 for any free port), got "
                    + port);
        }
    }
}
