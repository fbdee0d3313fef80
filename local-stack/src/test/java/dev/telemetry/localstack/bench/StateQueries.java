package dev.telemetry.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code GET /api/v1/devices/{id}} against the processor once it has processed everything: the latency of
 * state queries for random devices (HdrHistogram, microseconds, client side: from sending the request to
 * having read the whole body), and a check of the counters of some devices against what was produced.
 * Every client thread has its own HTTP/1.1 connection (keep-alive), like a dashboard or an API consumer.
 */
final class StateQueries {

    /** Measured requests: latency in microseconds, answers other than 200, wall-clock seconds. */
    record Latency(Histogram micros, long errors, double seconds) {
        double perSecond() {
            return micros.getTotalCount() / seconds;
        }
    }

    /** Devices checked, and what differed (at most 10, as text). */
    record Check(int devices, long mismatches, List<String> examples) {
    }

    private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

    private final String base;

    StateQueries(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/v1/devices/";
    }

    /**
     * Sends {@code warmup} unmeasured and then {@code queries} measured requests for uniformly random devices,
     * split over {@code threads} client threads.
     */
    Latency measure(int devices, int warmup, int queries, int threads) throws Exception {
        run(devices, warmup, threads, new Histogram(MAX_MICROS, 3), new AtomicLong(), 1);
        Histogram micros = new Histogram(MAX_MICROS, 3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        run(devices, queries, threads, micros, errors, 2);
        return new Latency(micros, errors.get(), (System.nanoTime() - start) / 1e9);
    }

    private void run(int devices, int requests, int threads, Histogram into, AtomicLong errors, long seed)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "bench-query"));
        try {
            List<Future<Histogram>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = requests / threads + (t < requests % threads ? 1 : 0);
                SplittableRandom random = new SplittableRandom(seed * 1000 + t);
                parts.add(pool.submit(() -> client(devices, share, random, errors)));
            }
            for (Future<Histogram> part : parts) {
                into.add(part.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Histogram client(int devices, int requests, SplittableRandom random, AtomicLong errors)
            throws IOException, InterruptedException {
        Histogram micros = new Histogram(MAX_MICROS, 3);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create(base + ReadingBacklog.device(random.nextInt(devices)))).build();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            micros.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - start) / 1000));
            if (response.statusCode() != 200) {
                errors.incrementAndGet();
            }
        }
        return micros;
    }

    /**
     * Compares {@code counters.accepted} and {@code counters.duplicates} of {@code count} devices, spread over
     * all of them, with the readings and duplicates produced for each.
     */
    Check check(ProcessorBenchOptions o, ReadingBacklog.Produced produced, int count)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long mismatches = 0;
        List<String> examples = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int d = (int) ((long) k * o.devices() / count);
            String device = ReadingBacklog.device(d);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + device)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String problem;
            if (response.statusCode() != 200) {
                problem = "HTTP " + response.statusCode();
            } else {
                JsonNode counters = Json.mapper().readTree(response.body()).path("counters");
                long accepted = counters.path("accepted").asLong(-1);
                long duplicates = counters.path("duplicates").asLong(-1);
                long wantAccepted = o.readingsOf(d);
                long wantDuplicates = produced.duplicatesByDevice()[d];
                problem = accepted == wantAccepted && duplicates == wantDuplicates ? null
                        : "accepted " + accepted + " (produced " + wantAccepted + "), duplicates " + duplicates
                                + " (produced " + wantDuplicates + ")";
            }
            if (problem != null) {
                mismatches++;
                if (examples.size() < 10) {
                    examples.add(device + ": " + problem);
                }
            }
        }
        return new Check(count, mismatches, examples);
    }
}
