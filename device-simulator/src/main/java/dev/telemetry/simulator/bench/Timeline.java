package dev.telemetry.simulator.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-second samples of the cumulative counters a benchmark watches, and the rates between them,
 * plus the latency seen in each interval (what shows a backlog building and draining, e.g. around an
 * outage). Not thread-safe: one sampler thread appends, readers read after the run.
 */
public final class Timeline {

    /** Columns of a {@link #rates()} row. */
    public static final List<String> COLUMNS = List.of("second", "published/s", "broker/s", "gateway/s",
            "processor/s", "gatewayLatencyP99Ms", "stateLatencyP99Ms");

    /**
     * One sample: cumulative readings at each stage, {@code second} seconds after the start, and the
     * p99 latency (ms) of the readings that reached {@code telemetry.readings} and the device state since
     * the previous sample ({@code NaN} when none did).
     */
    public record Sample(double second, long published, long broker, long gateway, long processor,
            double gatewayLatencyP99, double stateLatencyP99) {

        public Sample(double second, long published, long broker, long gateway, long processor) {
            this(second, published, broker, gateway, processor, Double.NaN, Double.NaN);
        }
    }

    private final List<Sample> samples = new ArrayList<>();

    public void add(Sample s) {
        samples.add(s);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * One row per interval between consecutive samples, see {@link #COLUMNS}: {@code [second, published,
     * broker, gateway, processor, gateway p99, state p99]}, rates in readings/s, latencies in ms (-1: none).
     */
    public List<double[]> rates() {
        List<double[]> out = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double dt = b.second() - a.second();
            if (dt <= 0) {
                continue;
            }
            out.add(new double[] {b.second(), (b.published() - a.published()) / dt, (b.broker() - a.broker()) / dt,
                (b.gateway() - a.gateway()) / dt, (b.processor() - a.processor()) / dt,
                orNone(b.gatewayLatencyP99()), orNone(b.stateLatencyP99())});
        }
        return out;
    }

    private static double orNone(double latency) {
        return Double.isNaN(latency) ? -1 : latency;
    }

    /**
     * The mean rate of one stage ({@code 1} published, {@code 2} broker, {@code 3} gateway, {@code 4}
     * processor) over the samples in {@code [from, to]} seconds; 0 when fewer than two samples fall in.
     */
    public double meanRate(int stage, double from, double to) {
        Sample first = null;
        Sample last = null;
        for (Sample s : samples) {
            if (s.second() >= from && s.second() <= to) {
                if (first == null) {
                    first = s;
                }
                last = s;
            }
        }
        if (first == null || last == first) {
            return 0;
        }
        return (value(last, stage) - value(first, stage)) / (last.second() - first.second());
    }

    /**
     * The highest rate of one stage over any window of {@code window} seconds (between samples at least
     * that far apart), within {@code [from, to]}: what a stage sustained at its best, e.g. a processor
     * draining a backlog after publishing stopped. 0 when no such window exists.
     */
    public double peakRate(int stage, double window, double from, double to) {
        double best = 0;
        int j = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample a = samples.get(i);
            if (a.second() < from) {
                continue;
            }
            j = Math.max(j, i + 1);
            while (j < samples.size() && samples.get(j).second() - a.second() < window) {
                j++;
            }
            if (j >= samples.size() || samples.get(j).second() > to) {
                break;
            }
            Sample b = samples.get(j);
            best = Math.max(best, (value(b, stage) - value(a, stage)) / (b.second() - a.second()));
        }
        return best;
    }

    private static long value(Sample s, int stage) {
        return switch (stage) {
            case 1 -> s.published();
            case 2 -> s.broker();
            case 3 -> s.gateway();
            case 4 -> s.processor();
            default -> throw new IllegalArgumentException("stage " + stage);
        };
    }
}
