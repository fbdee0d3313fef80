package dev.telemetry.simulator.cli;

import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.Summary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line every interval while a run is going:
 * {@code [   10s] 4998 readings/s (last 5s) | sent 49980 readings, 16660 messages | errors 0 | in flight 3},
 * followed by {@code | drops 2, reconnects 2} when connections were lost.
 */
public final class ProgressReporter implements AutoCloseable {

    private final Simulator simulator;
    private final PrintWriter out;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private long lastReadings;
    private long lastNanos;

    private ProgressReporter(Simulator simulator, PrintWriter out, Duration interval) {
        this.simulator = simulator;
        this.out = out;
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "device-simulator-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reporting; an interval of zero reports nothing. */
    public static ProgressReporter start(Simulator simulator, PrintWriter out, Duration interval) {
        ProgressReporter reporter = new ProgressReporter(simulator, out, interval);
        if (!interval.isZero()) {
            long ms = interval.toMillis();
            reporter.executor.scheduleAtFixedRate(reporter::report, ms, ms, TimeUnit.MILLISECONDS);
        }
        return reporter;
    }

    private void report() {
        Summary s = simulator.summary();
        long nanos = s.elapsed().toNanos();
        double recent = nanos > lastNanos ? (s.readings() - lastReadings) * 1e9 / (nanos - lastNanos) : 0;
        out.println(line(s, recent, interval, simulator.inFlight(), simulator.connectionDrops(),
                simulator.reconnects()));
        out.flush();
        lastReadings = s.readings();
        lastNanos = nanos;
    }

    static String line(Summary s, double recentRate, Duration interval, long inFlight, long drops,
            long reconnects) {
        String line = String.format(Locale.ROOT, "[%6ds] %.0f readings/s (last %ds) | sent %d readings, %d messages"
                        + " | errors %d | in flight %d", s.elapsed().toSeconds(), recentRate, interval.toSeconds(),
                s.readings(), s.messages(), s.errors(), inFlight);
        return drops == 0 && reconnects == 0 ? line
                : line + String.format(Locale.ROOT, " | drops %d, reconnects %d", drops, reconnects);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
