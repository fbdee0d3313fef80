package dev.telemetry.processor.anomaly.nab;

import java.time.LocalDateTime;

/** A labelled anomaly window, inclusive at both ends, as in NAB's combined_windows.json. */
public record NabWindow(LocalDateTime start, LocalDateTime end) {

    public boolean contains(LocalDateTime t) {
        return !t.isBefore(start) && !t.isAfter(end);
    }
}
