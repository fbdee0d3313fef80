package dev.telemetry.processor.anomaly.nab;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One NAB data file with its windows. NAB's timestamps have no zone; they are read as UTC.
 *
 * @param name       the path below {@code data/}, e.g. {@code realKnownCause/rogue_agent_key_hold.csv}
 * @param timestamps one per row, in file order (not necessarily increasing: see machine_temperature)
 * @param values     one per row
 * @param windows    the file's anomaly windows, in time order
 */
public record NabDataSet(String name, List<LocalDateTime> timestamps, double[] values, List<NabWindow> windows) {

    public NabDataSet {
        timestamps = List.copyOf(timestamps);
        windows = List.copyOf(windows);
        if (timestamps.size() != values.length) {
            throw new IllegalArgumentException(name + ": " + timestamps.size() + " timestamps but "
                    + values.length + " values");
        }
    }

    public int size() {
        return values.length;
    }

    public long timestampMs(int row) {
        return timestamps.get(row).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** NAB's {@code label} column: 1 for a row whose timestamp lies in any window, else 0. */
    public int[] labels() {
        int[] labels = new int[size()];
        for (int i = 0; i < labels.length; i++) {
            LocalDateTime t = timestamps.get(i);
            labels[i] = windows.stream().anyMatch(w -> w.contains(t)) ? 1 : 0;
        }
        return labels;
    }
}
