package dev.telemetry.localstack.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The phases of a {@link ScaleOutBench} run as they happen: each starts (wall clock, epoch ms) when its fault or
 * change is applied and lasts until the next one starts. Measurements are filed under the phase of the moment
 * they concern (a reading's latency under the phase it was published in). Thread-safe.
 */
final class ScaleOutPhases {

    /** A phase: its name and start; {@code end} is the next phase's start, or -1 while it runs. */
    record Phase(String name, long startMillis, long endMillis) {
        double seconds() {
            return (endMillis - startMillis) / 1000.0;
        }
    }

    private final List<String> names = new ArrayList<>();
    private final List<Long> starts = new ArrayList<>();
    private long endMillis = -1;

    /** Starts phase {@code name} now and returns its index. */
    synchronized int begin(String name) {
        names.add(name);
        starts.add(System.currentTimeMillis());
        return names.size() - 1;
    }

    /** Ends the last phase now. */
    synchronized void end() {
        endMillis = System.currentTimeMillis();
    }

    /** The index of the phase {@code epochMillis} falls in: 0 before the first, the last after the end. */
    synchronized int at(long epochMillis) {
        for (int i = starts.size() - 1; i > 0; i--) {
            if (epochMillis >= starts.get(i)) {
                return i;
            }
        }
        return 0;
    }

    synchronized int current() {
        return Math.max(0, names.size() - 1);
    }

    synchronized List<Phase> all() {
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long end = i + 1 < starts.size() ? starts.get(i + 1) : endMillis;
            phases.add(new Phase(names.get(i), starts.get(i), end));
        }
        return phases;
    }
}
