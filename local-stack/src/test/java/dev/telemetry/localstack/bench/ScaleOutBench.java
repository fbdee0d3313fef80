package dev.telemetry.localstack.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.localstack.support.TempDirs;
import dev.telemetry.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Issue 8's scale-out scenario as a benchmark, on one machine: the 3-broker in-JVM KRaft cluster (replication
 * factor 3, {@code min.insync.replicas=2}), a Mosquitto process, gateways in one MQTT shared subscription and
 * three stream processor instances (standby replicas 1), all started by {@link ScaleOutStack}. Readings are
 * published over MQTT at a fixed rate ({@link PacedPublisher}, {@link ScaleOutFleet}), while a timeline, placed at
 * fractions of {@code --duration}, changes the deployment:
 * <ol>
 *   <li>20%: the leader of {@code telemetry.readings}-0 is stopped; 35%: it restarts (time until every replica of
 *       every partition is back in the ISR);</li>
 *   <li>50%: processor instance 3 is closed (taken out of the query rotation first); 65%: it restarts on its state
 *       directory (time until it is ready and until it answers a query);</li>
 *   <li>75%: a third gateway joins the shared subscription; 85%: gateway 2 is closed.</li>
 * </ol>
 * A closed gateway keeps its persistent session, and Mosquitto keeps routing that member's share of the shared
 * subscription into it (see {@code ScaleOutIT}); once the load is over, the readings held there are counted and
 * drained the way {@code ScaleOutIT} drains them: a gateway with the removed one's id connects once more.
 *
 * <p>Measured per phase and overall ({@link ScaleOutReport}): offered rate (PUBACKed by Mosquitto), rate written
 * to {@code telemetry.readings} (distinct readings; every record there was acknowledged to the gateway by Kafka),
 * processor rate (committed offsets of the application), end-to-end latency from MQTT publish to the
 * {@code telemetry.device-state} record ({@link PipelineProbe}) and query availability ({@link QueryAvailability});
 * at the end, readings lost, devices whose state differs from the oracle and readings counted twice
 * ({@link ScaleOutCheck}). Exits non-zero when anything was lost, counted twice or differs.
 *
 * <p>Options (defaults in brackets): {@code --rate N} [1000] readings/s, {@code --devices N} [500],
 * {@code --duration S} [120] seconds of load, {@code --query-rate N} [20] queries/s, {@code --partitions N} [6],
 * {@code --settle-timeout-seconds S} [180], {@code --seed N} [8], {@code --processor key=value} (repeatable; any
 * processor setting over the scenario's, e.g. {@code commit.interval=1s}), {@code --output DIR}
 * [target/bench-scale-out]. Not a test: a tool; see {@code docs/benchmarks.md}, "Scale-out scenario".
 */
public final class ScaleOutBench {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ScaleOutOptions o;
    private final ScaleOutFleet fleet;
    private final ScaleOutPhases phases = new ScaleOutPhases();
    private final List<ScaleOutReport.Snapshot> snapshots = new ArrayList<>();
    // written by the main thread and by the steps running in the background (ISR wait, processor restart)
    private final Map<String, Object> events = Collections.synchronizedMap(new LinkedHashMap<>());
    private final long started = System.nanoTime();

    private ScaleOutBench(ScaleOutOptions o) {
        this.o = o;
        this.fleet = new ScaleOutFleet(o.devices(), o.seed());
    }

    public static void main(String[] args) {
        try {
            ScaleOutOptions o = ScaleOutOptions.parse(args);
            logToFile(o.output());
            run(o);
            System.exit(0);
        } catch (Exception e) {
            System.err.println("scale-out benchmark failed: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                System.err.println("  caused by: " + c);
            }
            // the brokers and clients of this JVM must not keep it alive after a failure
            System.exit(1);
        }
    }

    /**
     * Sends the log of the brokers, gateways and processors to {@code pipeline.log} in {@code output} (unless
     * {@code logback.configurationFile} is set): the console keeps the benchmark's progress and table. Must run
     * before anything logs.
     */
    private static void logToFile(Path output) throws IOException {
        Files.createDirectories(output);
        System.setProperty("scale-out.log", output.resolve("pipeline.log").toAbsolutePath().toString());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-scale-out-bench.xml");
        }
        System.out.println("scale-out: the pipeline's log goes to " + output.resolve("pipeline.log"));
    }

    /** Runs the scenario; returns the result file. Throws when readings were lost or the state differs. */
    static Path run(ScaleOutOptions o) throws Exception {
        System.out.printf(Locale.ROOT, "scale-out benchmark: %d cores, Java %s, load %s; %,d readings/s of %,d"
                        + " devices for %d s, %d partitions, 3 brokers (RF 3, min ISR 2), 3 processors %s, 2-3"
                        + " gateways %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ProcessorThroughputBench.loadAverage(), o.rate(), o.devices(), o.duration().toSeconds(),
                o.partitions(), o.processor(), o.gateway());
        String loadBefore = ProcessorThroughputBench.loadAverage();
        Path stateDirs = TempDirs.create("bench-scale-out-state");
        ObjectNode json = Json.mapper().createObjectNode();
        try (ScaleOutStack stack = ScaleOutStack.start(stateDirs, o.partitions(), o.processor(), o.gateway())) {
            new ScaleOutBench(o).run(stack, json, loadBefore);
        } finally {
            TempDirs.deleteRecursively(stateDirs);
        }
        Files.createDirectories(o.output());
        Path file = o.output().resolve("result.json");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        ScaleOutReport.printTable(json);
        System.out.println("details in " + file.toAbsolutePath());
        ScaleOutReport.requireClean(json);
        return file;
    }

    private void run(ScaleOutStack stack, ObjectNode json, String loadBefore) throws Exception {
        for (int i = 0; i < ScaleOutStack.PROCESSORS; i++) {
            stack.startProcessor(i);
        }
        stack.startGateway("gw-1");
        stack.startGateway("gw-2");
        await(STARTUP, "3 processors ready and 2 gateways subscribed", () -> stack.gatewaysConnected()
                && stack.processor(0).isReady() && stack.processor(1).isReady() && stack.processor(2).isReady());
        for (int i = 0; i < ScaleOutStack.PROCESSORS; i++) {
            stack.markLive(i);
        }
        log("3 brokers, 3 processors and 2 gateways running");

        try (PipelineProbe probe = PipelineProbe.start(stack.kafka().bootstrapServers(), phases, o.devices());
             PacedPublisher publisher = new PacedPublisher(stack.mqttUrl(), fleet);
             QueryAvailability queries = new QueryAvailability(stack::livePorts, phases, o.devices(),
                     o.queryRate());
             CounterTimeline timeline = new CounterTimeline(() -> new long[] {
                     publisher.acked(), probe.distinct(), stack.committed(), stack.livePorts().size()})) {
            long load = System.nanoTime();
            begin("steady", stack, probe, publisher);
            publisher.start(o.rate(), o.duration());
            // every device has sent a reading once the first round is out; before that a query could get a 404
            TimeUnit.MILLISECONDS.sleep(1000L * o.devices() / o.rate() + 1000);
            queries.start();

            sleepUntil(load, 0.20);
            begin("broker down", stack, probe, publisher);
            int victim = stack.readingsLeader();
            events.put("brokerStopped", "node index " + victim + " (leader of telemetry.readings-0)");
            // in the background: a clean shutdown under load takes seconds, and the timeline must keep its times
            CompletableFuture<Double> stopped = CompletableFuture.supplyAsync(
                    () -> timed(() -> stack.kafka().stopBroker(victim)));

            sleepUntil(load, 0.35);
            events.put("brokerStopSeconds", stopped.get(o.settleTimeout().toSeconds(), TimeUnit.SECONDS));
            begin("broker back", stack, probe, publisher);
            long restart = System.nanoTime();
            stack.kafka().restartBroker(victim);
            events.put("brokerRestartSeconds", seconds(restart));
            // -1 when some replica is still out of the ISR after --settle-timeout-seconds (reported, not fatal)
            CompletableFuture<Double> inSync = CompletableFuture.supplyAsync(() -> {
                stack.kafka().awaitAllInSync(o.settleTimeout());
                return seconds(restart);
            }).exceptionally(e -> -1.0);

            sleepUntil(load, 0.50);
            begin("processor down", stack, probe, publisher);
            CompletableFuture<Double> closed = CompletableFuture.supplyAsync(
                    () -> timed(() -> stack.closeProcessor(2)));

            sleepUntil(load, 0.65);
            events.put("processorCloseSeconds", closed.get(o.settleTimeout().toSeconds(), TimeUnit.SECONDS));
            begin("processor back", stack, probe, publisher);
            CompletableFuture<Void> answers = CompletableFuture.runAsync(() -> restartProcessor(stack));

            sleepUntil(load, 0.75);
            begin("gateway added", stack, probe, publisher);
            events.put("gatewayStartSeconds", timed(() -> stack.startGateway("gw-3")));

            sleepUntil(load, 0.85);
            begin("gateway removed", stack, probe, publisher);
            events.put("gatewayCloseSeconds", timed(() -> stack.closeGateway("gw-2")));

            publisher.awaitDone();
            begin("drain", stack, probe, publisher);
            events.put("brokerBackInSyncSeconds", inSync.get(o.settleTimeout().toSeconds(), TimeUnit.SECONDS));
            answers.get(o.settleTimeout().toSeconds(), TimeUnit.SECONDS);
            log("load over: " + publisher.acked() + " readings published and acknowledged by Mosquitto");

            drain(stack, probe, publisher.acked());
            awaitSettled(stack);
            phases.end();
            snapshots.add(snapshot(stack, probe, publisher));
            timeline.close();
            queries.close();
            probe.requireHealthy();
            ScaleOutCheck check = ScaleOutCheck.run(fleet, stack.livePorts().get(0));
            ScaleOutReport.fill(json, o, phases.all(), snapshots, probe, queries, events, publisher.acked(), check,
                    loadBefore, ProcessorThroughputBench.loadAverage());
            ScaleOutReport.timeline(json, timeline.samples());
        }
    }

    /**
     * The readings Mosquitto holds in the removed gateway's session: published ones that are not in Kafka once the
     * count there has stopped growing (two reads 3 s apart agree). When there are any, a gateway with the removed
     * one's id connects once more and takes them, as in {@code ScaleOutIT}.
     */
    private void drain(ScaleOutStack stack, PipelineProbe probe, long published) throws Exception {
        long previous = -1;
        long deadline = System.nanoTime() + o.settleTimeout().toNanos();
        while (true) {
            long now = probe.distinct();
            if (now == published || now == previous) {
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            previous = now;
            TimeUnit.SECONDS.sleep(3);
        }
        long held = published - probe.distinct();
        events.put("heldInRemovedGatewaySession", held);
        log(held + " readings held in gw-2's session");
        if (held > 0) {
            long reconnect = System.nanoTime();
            stack.startGateway("gw-2");
            boolean drained = awaitIfPossible(o.settleTimeout(), () -> probe.distinct() >= published);
            events.put("removedSessionDrainSeconds", drained ? seconds(reconnect) : -1.0);
        }
    }

    /** Waits until the processors committed everything in {@code telemetry.readings} and the state is the oracle's. */
    private void awaitSettled(ScaleOutStack stack) throws Exception {
        long from = System.nanoTime();
        boolean caughtUp = awaitIfPossible(o.settleTimeout(), () -> {
            try {
                return stack.committed() >= stack.readingsEnd();
            } catch (Exception e) {
                return false; // the admin call failed: ask again
            }
        });
        events.put("processorsCaughtUpSeconds", caughtUp ? seconds(from) : -1.0);
        long deadline = System.nanoTime() + o.settleTimeout().toNanos();
        ScaleOutCheck check = ScaleOutCheck.run(fleet, stack.livePorts().get(0));
        while (check.mismatches() > 0 && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2);
            check = ScaleOutCheck.run(fleet, stack.livePorts().get(0));
        }
        events.put("stateEqualsOracleSeconds", check.mismatches() == 0 ? seconds(from) : -1.0);
        log("settled: " + check.mismatches() + " devices differ from the oracle");
    }

    /**
     * Starts instance 3 again on its state directory, waits until it is ready, then until it answers a device query
     * itself; then it is live again.
     */
    private void restartProcessor(ScaleOutStack stack) {
        long reopen = System.nanoTime();
        stack.startProcessor(2);
        events.put("processorStartSeconds", seconds(reopen));
        try {
            boolean ready = awaitIfPossible(o.settleTimeout(), () -> stack.processor(2).isReady());
            events.put("processorReadySeconds", ready ? seconds(reopen) : -1.0);
            int port = stack.processor(2).httpPort();
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/devices/" + ScaleOutFleet.deviceId(0));
            boolean answers = awaitIfPossible(o.settleTimeout(), () -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (Exception e) {
                    return false; // not listening yet, or too slow: ask again
                }
            });
            events.put("processorAnswersSeconds", answers ? seconds(reopen) : -1.0);
            stack.markLive(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void begin(String phase, ScaleOutStack stack, PipelineProbe probe, PacedPublisher publisher)
            throws Exception {
        snapshots.add(snapshot(stack, probe, publisher));
        phases.begin(phase);
        log("phase: " + phase);
    }

    private static ScaleOutReport.Snapshot snapshot(ScaleOutStack stack, PipelineProbe probe, PacedPublisher publisher)
            throws Exception {
        return new ScaleOutReport.Snapshot(System.currentTimeMillis(), publisher.acked(), probe.records(),
                probe.distinct(), stack.committed());
    }

    private void sleepUntil(long loadStarted, double fraction) throws InterruptedException {
        long due = loadStarted + (long) (o.duration().toNanos() * fraction);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        if (!awaitIfPossible(timeout, condition)) {
            throw new IllegalStateException("not " + what + " within " + timeout.toSeconds() + " s");
        }
    }

    private static boolean awaitIfPossible(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return true;
    }

    private static double timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }

    private void log(String what) {
        System.out.printf(Locale.ROOT, "scale-out: %s (%d s)%n", what,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }
}
