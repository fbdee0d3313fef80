package dev.telemetry.simulator.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-second samples of the cumulative counters a benchmark watches, and the rates between them.
 * Not thread-safe: one sampler thread appends, readers read after the run.
 */
public final class Timeline {

    /** One sample: cumulative readings at each stage, {@code second} seconds after the start. */
    public record Sample(double second, long published, long broker, long gateway, long processor) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public void add(Sample s) {
        samples.add(s);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Readings per second at each stage between consecutive samples: {@code [second, published, broker, gateway, processor]}. */
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
                (b.gateway() - a.gateway()) / dt, (b.processor() - a.processor()) / dt});
        }
        return out;
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
