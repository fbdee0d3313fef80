package dev.telemetry.localstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * What a dashboard sees while instances come and go: a background loop sending {@code GET /api/v1/devices/{id}}
 * for random devices of the fleet to a random live processor instance, at a fixed rate, filed under the phase it
 * was sent in. Counts answers by kind (200; 503, the API's "not available here right now" with
 * {@code Retry-After}; 404, a device not in the state yet because the processors lag behind; other statuses;
 * requests that failed or timed out) and keeps the latency of every answer.
 * The instance being closed is taken out of the live list before it closes, as a load balancer's readiness probe
 * would, so a 503 here is the API's own answer about a key whose owner is gone.
 */
final class QueryAvailability implements AutoCloseable {

    /** Counts of one phase. */
    record Counts(long ok, long unavailable, long notFound, long otherStatus, long failed, Histogram micros) {
        long total() {
            return ok + unavailable + notFound + otherStatus + failed;
        }

        double successRatio() {
            return total() == 0 ? Double.NaN : (double) ok / total();
        }
    }

    private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int OK = 0;
    private static final int UNAVAILABLE = 1;
    private static final int NOT_FOUND = 2;
    private static final int OTHER = 3;
    private static final int FAILED = 4;
    private static final int KINDS = 5;

    private final Supplier<List<Integer>> livePorts;
    private final ScaleOutPhases phases;
    private final int devices;
    private final int perSecond;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final long[][] counts = new long[PipelineProbe.MAX_PHASES][KINDS];
    private final Histogram[] micros = new Histogram[PipelineProbe.MAX_PHASES];
    private final Thread thread;
    private volatile boolean running = true;

    /** @param livePorts the HTTP ports of the instances to query now */
    QueryAvailability(Supplier<List<Integer>> livePorts, ScaleOutPhases phases, int devices, int perSecond) {
        this.livePorts = livePorts;
        this.phases = phases;
        this.devices = devices;
        this.perSecond = perSecond;
        for (int i = 0; i < micros.length; i++) {
            micros[i] = new Histogram(MAX_MICROS, 3);
        }
        this.thread = new Thread(this::run, "scale-bench-queries");
        this.thread.setDaemon(true);
    }

    void start() {
        if (perSecond > 0) {
            thread.start();
        }
    }

    private void run() {
        SplittableRandom random = new SplittableRandom(17);
        long start = System.nanoTime();
        for (long i = 0; running; i++) {
            long wait = start + i * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            List<Integer> ports = livePorts.get();
            if (ports.isEmpty()) {
                continue;
            }
            int port = ports.get(random.nextInt(ports.size()));
            String device = ScaleOutFleet.deviceId(random.nextInt(devices));
            int phase = phases.current();
            long sent = System.nanoTime();
            int kind;
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/devices/" + device))
                        .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
                kind = switch (response.statusCode()) {
                    case 200 -> OK;
                    case 503 -> UNAVAILABLE;
                    case 404 -> NOT_FOUND;
                    default -> OTHER;
                };
            } catch (IOException e) {
                kind = FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long took = Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
            synchronized (this) {
                counts[phase][kind]++;
                if (kind != FAILED) {
                    micros[phase].recordValue(took);
                }
            }
        }
    }

    /** The counts of phase {@code i} so far. */
    synchronized Counts of(int phase) {
        long[] c = counts[phase];
        return new Counts(c[OK], c[UNAVAILABLE], c[NOT_FOUND], c[OTHER], c[FAILED], micros[phase].copy());
    }

    /** The counts of phases {@code from..to} (inclusive) together. */
    synchronized Counts over(int from, int to) {
        long[] sum = new long[KINDS];
        Histogram h = new Histogram(MAX_MICROS, 3);
        for (int p = from; p <= to; p++) {
            for (int k = 0; k < KINDS; k++) {
                sum[k] += counts[p][k];
            }
            h.add(micros[p]);
        }
        return new Counts(sum[OK], sum[UNAVAILABLE], sum[NOT_FOUND], sum[OTHER], sum[FAILED], h);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
