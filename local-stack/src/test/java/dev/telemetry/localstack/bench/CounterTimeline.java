package dev.telemetry.localstack.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a few counters once a second on its own thread, for the per-second timeline of a benchmark's JSON (a
 * backlog building and draining, a rate stalling during a fault). A sample whose source fails (an admin call
 * timing out while a broker is down) is skipped; the next second tries again.
 */
final class CounterTimeline implements AutoCloseable {

    /** The counters of one sample, in the order of the timeline's columns. */
    interface Source {
        long[] sample() throws Exception;
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-timeline");
        t.setDaemon(true);
        return t;
    });
    private final List<long[]> samples = new ArrayList<>();
    private final long start = System.nanoTime();

    CounterTimeline(Source source) {
        executor.scheduleAtFixedRate(() -> {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            try {
                long[] counters = source.sample();
                long[] row = new long[counters.length + 1];
                row[0] = ms;
                System.arraycopy(counters, 0, row, 1, counters.length);
                synchronized (samples) {
                    samples.add(row);
                }
            } catch (Exception e) {
                // skipped: a gap in the timeline shows it
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Every sample so far: milliseconds since the start, then the source's counters. */
    List<long[]> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
