package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import java.util.Objects;

/**
 * A reading on its way through the topology, with what the earlier stages found out about it. Lives only
 * between processors of one task (never serialized).
 *
 * @param reading          the reading
 * @param duplicate        dedupe saw its identity before: it is only counted
 * @param tooLateForWindow it arrived after its window had closed: it is in no window aggregate
 */
record Arrival(Reading reading, boolean duplicate, boolean tooLateForWindow) {

    Arrival {
        Objects.requireNonNull(reading, "reading");
    }

    static Arrival fresh(Reading reading) {
        return new Arrival(reading, false, false);
    }

    static Arrival duplicateOf(Reading reading) {
        return new Arrival(reading, true, false);
    }

    Arrival markTooLateForWindow() {
        return new Arrival(reading, duplicate, true);
    }
}
