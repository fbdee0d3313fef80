package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.support.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code target/local-stack.jar} exactly as {@code ./run-local} does, as a separate process,
 * and checks it through its public surface: the printed endpoints, the HTTP API, MQTT, Kafka, a
 * taken port, and SIGTERM.
 */
@Timeout(400)
class LocalStackIT {

    private static final Path JAR = Path.of("target", "local-stack.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    @Test
    void shouldRunThePipelineServeLiveDevicesAndStopCleanlyOnSigterm(@TempDir Path tmp) throws Exception {
        assertThat(JAR).as("the shaded jar is built in the package phase, before integration tests").exists();
        int mqttPort = Ports.freePort();
        int kafkaPort = Ports.freePort();
        int httpPort = Ports.freePort();
        String api = "http://localhost:" + httpPort;
        // ports through the environment, as documented; options are covered by the second process below
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", JAR.toString(), "--devices", "20", "--rate", "60",
                "--data-dir", tmp.resolve("data").toString());
        builder.environment().putAll(Map.of("MQTT_PORT", Integer.toString(mqttPort),
                "KAFKA_PORT", Integer.toString(kafkaPort), "HTTP_PORT", Integer.toString(httpPort)));
        Output out = start(builder);
        try {
            await().atMost(START_TIMEOUT).until(() -> out.text().contains("Local stack is up."));
            assertThat(out.text()).contains("tcp://127.0.0.1:" + mqttPort).contains("127.0.0.1:" + kafkaPort)
                    .contains(api + "/api/v1/devices");

            // the simulator's devices appear on their own
            List<String> simulated = IntStream.rangeClosed(1, 20).mapToObj(i -> String.format("sim-%05d", i)).toList();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(Workload.listDevices(api)).containsAll(simulated));
            assertThat(Workload.get(api + "/health/ready").statusCode()).isEqualTo(200);

            // readings of our own devices, shuffled, end up as the latest value by event time
            Workload workload = Workload.generate(7, "it-", 50, 20, System.currentTimeMillis() - 3_600_000);
            workload.publish("tcp://127.0.0.1:" + mqttPort);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> workload.assertStateThroughApi(api));
            workload.assertAllInKafka("127.0.0.1:" + kafkaPort);

            // a second stack on the same ports fails at once and says which option to change
            Process second = new ProcessBuilder(java(), "-jar", JAR.toString(), "--no-simulator",
                    "--kafka-port", Integer.toString(kafkaPort), "--mqtt-port", "0", "--http-port", "0")
                    .redirectErrorStream(true).start();
            Output secondOut = Output.of(second.getInputStream());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("second stack exits").isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> secondOut.text().contains("--kafka-port"));
            assertThat(secondOut.text()).contains("already in use").contains(Integer.toString(kafkaPort));

            // SIGTERM: everything stops in order, within the shutdown budget
            // Process.destroy() would also close our end of its output pipe; the handle only sends SIGTERM
            assertThat(out.process.toHandle().destroy()).isTrue();
            assertThat(out.process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> out.text().contains("local stack stopped"));
            assertThat(out.text()).contains("simulator stopped", "ingest gateway stopped", "stream processor stopped",
                    "MQTT broker stopped", "Kafka stopped");
            assertThat(Ports.isListening(httpPort) || Ports.isListening(mqttPort) || Ports.isListening(kafkaPort))
                    .as("no port is left open").isFalse();
        } finally {
            out.process.destroyForcibly();
        }
    }

    @Test
    void shouldRejectABadOptionWithExitCode2() throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "--mqtt-port", "70000")
                .redirectErrorStream(true).start();
        Output out = Output.of(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> out.text().contains("--mqtt-port must be a port number"));
    }

    private static Output start(ProcessBuilder builder) throws IOException {
        Process p = builder.redirectErrorStream(true).start();
        return new Output(p, p.getInputStream());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Collects a process's output in the background and echoes it, so a failing test shows what happened. */
    private static final class Output {
        final Process process;
        private final StringBuffer text = new StringBuffer();

        Output(Process process, InputStream in) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        text.append(line).append('\n');
                        System.out.println("[local-stack] " + line);
                    }
                } catch (IOException e) {
                    text.append("(output closed: ").append(e).append(")\n");
                }
            }, "local-stack-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Output of(InputStream in) {
            return new Output(null, in);
        }

        String text() {
            return text.toString();
        }
    }
}
