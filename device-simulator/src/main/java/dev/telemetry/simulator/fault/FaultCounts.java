package dev.telemetry.simulator.fault;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How many faults of each kind were injected; thread-safe. */
public final class FaultCounts {

    private final Map<Fault, LongAdder> counts = new EnumMap<>(Fault.class);

    public FaultCounts() {
        for (Fault f : Fault.values()) {
            counts.put(f, new LongAdder());
        }
    }

    public void increment(Fault fault) {
        counts.get(fault).increment();
    }

    /** The non-zero counts, in enum order. */
    public Map<Fault, Long> snapshot() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        counts.forEach((f, n) -> {
            long v = n.sum();
            if (v > 0) {
                out.put(f, v);
            }
        });
        return out;
    }
}
