package dev.telemetry.localstack.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.gateway.app.GatewayMain;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.localstack.support.Ports;
import dev.telemetry.ops.HealthProbe;
import dev.telemetry.processor.app.ProcessorMain;
import dev.telemetry.simulator.SimulatorMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container images that {@code ./mvnw package -Pimages} builds with Jib ({@code target/jib-image.tar} in
 * ingest-gateway, stream-processor and device-simulator), checked without a Docker engine.
 *
 * <p>First their configuration: the names deploy/ uses, a {@code java} entrypoint with the service's main
 * class and the container JVM flags, a non-root user, the exposed ports the services listen on by default,
 * the processor's state volume. Then, when this JVM runs as root (CI does), the gateway and processor images
 * are <em>run</em>: their layers are unpacked into a root file system and started with {@code chroot} as the
 * image's user, configured only by environment variables like a container, against a Mosquitto process and
 * the in-JVM Kafka. They must become ready (checked with the image's own {@link HealthProbe}, the command of
 * the compose health checks), carry a reading from MQTT to the processor's API, write the processor's state
 * under the image's state directory as uid 1000, and stop on SIGTERM.
 *
 * <p>Runs only when the images were built in this build ({@code -Pimages} sets {@code images.built}); skipped
 * otherwise, with that reason.
 */
@Timeout(420)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerImagesIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_VOLUME = "/var/lib/telemetry-processor";

    private final List<Process> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ImageTarball gateway;
    private ImageTarball processor;
    private ImageTarball simulator;
    private Path work;

    @BeforeAll
    void openImages(@TempDir Path work) {
        assumeTrue(Boolean.getBoolean("images.built"),
                "the container images are not part of this build; build them with ./mvnw verify -Pimages,offline-base");
        this.work = work;
        gateway = ImageTarball.open(tarball("ingest-gateway"), work.resolve("gateway"));
        processor = ImageTarball.open(tarball("stream-processor"), work.resolve("processor"));
        simulator = ImageTarball.open(tarball("device-simulator"), work.resolve("simulator"));
    }

    private static Path tarball(String module) {
        Path file = Path.of("..", module, "target", "jib-image.tar");
        assertThat(file).as("the images profile builds %s", file).isRegularFile();
        return file;
    }

    @AfterAll
    void stopAll() {
        for (Process p : running) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void shouldNameEachImageAsTheDeploymentFilesDo() throws IOException {
        String compose = Files.readString(Path.of("..", "deploy", "compose", "docker-compose.yml"));
        String k8sGateway = Files.readString(Path.of("..", "deploy", "k8s", "base", "gateway.yaml"));
        String k8sProcessor = Files.readString(Path.of("..", "deploy", "k8s", "base", "processor.yaml"));
        assertThat(gateway.repoTags()).contains("telemetry-pipeline/ingest-gateway:latest");
        assertThat(processor.repoTags()).contains("telemetry-pipeline/stream-processor:latest");
        assertThat(simulator.repoTags()).contains("telemetry-pipeline/device-simulator:latest");
        assertThat(compose).contains("image: telemetry-pipeline/ingest-gateway:", "image: telemetry-pipeline/stream-processor:",
                "image: telemetry-pipeline/device-simulator:");
        assertThat(k8sGateway).contains("image: telemetry-pipeline/ingest-gateway:latest");
        assertThat(k8sProcessor).contains("image: telemetry-pipeline/stream-processor:latest");
        for (ImageTarball image : List.of(gateway, processor, simulator)) {
            assertThat(image.architecture()).isEqualTo("amd64/linux");
            assertThat(image.labels()).containsKeys("org.opencontainers.image.title", "org.opencontainers.image.version");
        }
    }

    @Test
    void shouldStartTheServiceWithContainerAwareJvmFlagsAsANonRootUser() {
        Map<ImageTarball, String> mains = Map.of(gateway, GatewayMain.class.getName(),
                processor, ProcessorMain.class.getName(), simulator, SimulatorMain.class.getName());
        mains.forEach((image, mainClass) -> {
            List<String> entrypoint = image.entrypoint();
            assertThat(entrypoint).as("entrypoint of %s", image.file()).startsWith("java")
                    .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp", "@/app/jib-classpath-file")
                    .endsWith(mainClass);
            assertThat(image.cmd()).as("no default arguments: configuration is by environment").isEmpty();
            String user = image.user();
            assertThat(user).as("user of %s", image.file()).isEqualTo("1000:1000");
            assertThat(image.env()).containsEntry("JAVA_HOME", "/opt/java/openjdk");
            assertThat(image.env().get("PATH")).startsWith("/opt/java/openjdk/bin:");
        });
    }

    @Test
    void shouldExposeTheOpsAndApiPortsAndDeclareTheStateVolume() {
        // the services' default http.port: gateway ops (health, metrics) 8081, processor API 8080
        assertThat(gateway.exposedPorts()).containsExactly("8081/tcp");
        assertThat(processor.exposedPorts()).containsExactly("8080/tcp");
        assertThat(simulator.exposedPorts()).isEmpty();
        assertThat(processor.volumes()).containsExactly(STATE_VOLUME);
        assertThat(processor.env()).containsEntry("STATE_DIR", STATE_VOLUME + "/state");
        assertThat(gateway.volumes()).isEmpty();
    }

    @Test
    void shouldRunTheGatewayAndProcessorImagesFromMqttToTheApi() throws Exception {
        assumeTrue(canChroot(), "running an image without Docker needs root, unshare and chroot");
        Path gatewayRoot = gateway.unpackRootFs(work.resolve("gateway-rootfs"));
        Path processorRoot = processor.unpackRootFs(work.resolve("processor-rootfs"));
        assertThat(gatewayRoot.resolve("opt/java/openjdk/bin/java")).isExecutable();
        assertThat(processorRoot.resolve("var/lib/telemetry-processor")).isDirectory();

        try (MosquittoProcess mosquitto = MosquittoProcess.start(); KafkaFixture kafka = KafkaFixture.start()) {
            int gatewayPort = Ports.freePort();
            int processorPort = Ports.freePort();
            Map<String, String> gatewayEnv = new LinkedHashMap<>(gateway.env());
            gatewayEnv.put("GATEWAY_ID", "image-it");
            gatewayEnv.put("MQTT_URL", mosquitto.url());
            gatewayEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            gatewayEnv.put("TOPICS_REPLICATION_FACTOR", "1");
            gatewayEnv.put("HTTP_PORT", Integer.toString(gatewayPort));
            Process gatewayProcess = runImage(gateway, gatewayRoot, gatewayEnv, work.resolve("gateway.log"));

            Map<String, String> processorEnv = new LinkedHashMap<>(processor.env());
            processorEnv.put("APPLICATION_ID", KafkaFixture.uniqueName("image-it"));
            processorEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            processorEnv.put("TOPICS_REPLICATION_FACTOR", "1");
            processorEnv.put("HTTP_PORT", Integer.toString(processorPort));
            processorEnv.put("HTTP_ADVERTISED_HOST", "127.0.0.1");
            // API tokens are tested by ApiAuthIT; here the image's environment-only configuration is the point
            processorEnv.put("API_AUTH_MODE", "off");
            Process processorProcess = runImage(processor, processorRoot, processorEnv, work.resolve("processor.log"));

            awaitHealthy(gateway, gatewayRoot, "http://127.0.0.1:" + gatewayPort + "/health/ready", gatewayProcess,
                    work.resolve("gateway.log"));
            awaitHealthy(processor, processorRoot, "http://127.0.0.1:" + processorPort + "/health/ready", processorProcess,
                    work.resolve("processor.log"));

            MqttV5Publisher.publish(mosquitto.url(), List.of(
                    Map.entry("sensors/image-dev-1", "{\"temperature\": 21.5}")));
            URI device = URI.create("http://127.0.0.1:" + processorPort + "/api/v1/devices/image-dev-1");
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(device).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode state = JSON.readTree(response.body());
                assertThat(state.path("metrics").path("temperature").path("value").asDouble()).isEqualTo(21.5);
            });

            for (Process p : List.of(gatewayProcess, processorProcess)) {
                ProcessHandle java = javaOf(p).orElseThrow();
                assertThat(uidOf(java)).as("uid of %s", java.info().commandLine().orElse("?")).isEqualTo(1000);
            }
            PosixFileAttributes state = Files.readAttributes(
                    processorRoot.resolve("var/lib/telemetry-processor/state"), PosixFileAttributes.class);
            assertThat(state.owner().getName()).isIn("1000", ownerNameOf1000());

            stopWithSigterm(gatewayProcess, work.resolve("gateway.log"), "stopped");
            stopWithSigterm(processorProcess, work.resolve("processor.log"), "");
        }
    }

    /** Starts the image's entrypoint in its root file system, as its user, with exactly {@code env}. */
    private Process runImage(ImageTarball image, Path rootfs, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(inContainer(image, rootfs, image.entrypoint()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        running.add(process);
        return process;
    }

    /**
     * {@code command} run as the image's user with {@code rootfs} as its root, in a mount namespace of its own
     * with {@code /proc} mounted (the Java launcher finds its libraries through {@code /proc/self/exe}).
     */
    private static List<String> inContainer(ImageTarball image, Path rootfs, List<String> command) throws IOException {
        Files.createDirectories(rootfs.resolve("proc"));
        List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--fork", "--kill-child", "sh", "-c",
                "mount -t proc proc \"$0/proc\" && exec chroot --userspec=" + image.user() + " \"$0\" \"$@\"",
                rootfs.toString()));
        full.addAll(command);
        return full;
    }

    /** Runs the compose health check's command inside the image until it reports healthy. */
    private void awaitHealthy(ImageTarball image, Path rootfs, String url, Process service, Path log) {
        await().atMost(READY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(service.isAlive()).as("service exited early; log:\n%s", tail(log)).isTrue();
            List<String> probe = List.of("java", "-cp", "@/app/jib-classpath-file", HealthProbe.class.getName(), url);
            ProcessBuilder builder = new ProcessBuilder(inContainer(image, rootfs, probe)).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(image.env());
            Process p = builder.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("HealthProbe %s: %s", url, output).isEqualTo(HealthProbe.HEALTHY);
        });
    }

    private void stopWithSigterm(Process service, Path log, String lastWords) throws Exception {
        ProcessHandle java = javaOf(service).orElseThrow();
        new ProcessBuilder("kill", "-TERM", Long.toString(java.pid())).start().waitFor();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM; log:\n%s", tail(log)).isTrue();
        assertThat(Files.readString(log)).contains(lastWords);
    }

    private static Optional<ProcessHandle> javaOf(Process process) {
        return process.descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    private static int uidOf(ProcessHandle handle) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("no Uid line for " + handle.pid());
    }

    private static String ownerNameOf1000() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 2 && f[2].equals("1000")) {
                return f[0];
            }
        }
        return "1000";
    }

    private static boolean canChroot() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Process unshare = new ProcessBuilder("unshare", "--mount", "true").start();
            return id.waitFor() == 0 && uid.equals("0") && unshare.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
