package dev.telemetry.localstack.bench;

import dev.telemetry.processor.app.ProcessorMain;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stream processor under test in a JVM of its own ({@link ProcessorMain} with {@code --set} settings and a
 * fixed {@code -Xmx}), so that its heap is measured as it would be deployed and it shares no heap, JIT or GC
 * with the benchmark's broker and clients. Its output goes to {@code processor.log}, its GC log to
 * {@code processor-gc.log}.
 */
final class ProcessorJvm implements AutoCloseable {

    private static final Pattern GC_LINE = Pattern.compile("GC\\(\\d+\\) Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final Path gcLog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ProcessorJvm(Process process, int httpPort, Path log, Path gcLog) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.gcLog = gcLog;
    }

    /**
     * Starts {@code java -Xmx<heap> -cp <this JVM's class path> ProcessorMain --set key=value ...}.
     *
     * @param jfr      whether to record a Java Flight Recording into {@code processor.jfr} (written at exit)
     * @param settings the processor's configuration; must contain {@code http.port}
     */
    static ProcessorJvm start(String heap, boolean jfr, Map<String, String> settings, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("processor.log");
        Path gcLog = dir.resolve("processor-gc.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog));
        if (jfr) {
            command.add("-XX:FlightRecorderOptions:stackdepth=512");
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve("processor.jfr"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProcessorMain.class.getName()));
        settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // only the settings given here: the configuration also reads environment variables
        pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("HTTP_")
                || k.startsWith("TOPICS_") || k.startsWith("STATE_") || k.startsWith("APPLICATION_")
                || k.startsWith("JAVA_TOOL_OPTIONS"));
        return new ProcessorJvm(pb.start(), Integer.parseInt(settings.get("http.port")), log, gcLog);
    }

    /** Waits until {@code /health/ready} answers 200 (Kafka Streams RUNNING, store queryable). */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            requireAlive();
            try {
                int status = get("/health/ready").statusCode();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString(); // not listening yet: try again
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("the processor was not ready within " + timeout.toSeconds() + " s (last: "
                + last + "); see " + log);
    }

    /** Fails with the log's location when the processor has exited (e.g. out of memory). */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the processor exited with code " + process.exitValue() + "; see " + log);
        }
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the processor's process has used so far (user + system), from {@code /proc}. */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // USER_HZ = 100
    }

    /** The process's resident memory (heap, RocksDB, metaspace, threads ...), from {@code /proc}. */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    /**
     * Heap in use right after a full collection: {@code jcmd <pid> GC.run} (what {@code System.gc()} does in
     * the processor), then the sum of the heap pools in the processor's own {@code jvm_memory_used_bytes}.
     */
    long heapUsedAfterFullGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true).start();
        String out = new String(gc.getInputStream().readAllBytes());
        if (!gc.waitFor(120, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException(jcmd + " " + process.pid() + " GC.run failed: " + out);
        }
        HttpResponse<String> metrics = get("/metrics");
        Matcher m = HEAP_USED.matcher(metrics.body());
        long used = 0;
        boolean any = false;
        while (m.find()) {
            used += (long) Double.parseDouble(m.group(1));
            any = true;
        }
        if (!any) {
            throw new IllegalStateException("no jvm_memory_used_bytes{area=\"heap\"} in the processor's /metrics");
        }
        return used;
    }

    /** The most heap found in use after any collection so far, from the GC log (MiB; young pauses included). */
    long maxHeapAfterGcMiB() throws IOException {
        long max = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    max = Math.max(max, Long.parseLong(m.group(2)));
                }
            }
        }
        return max;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM (the processor's clean shutdown), then SIGKILL when it takes longer than 60 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
