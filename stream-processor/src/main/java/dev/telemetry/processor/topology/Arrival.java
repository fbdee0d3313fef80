package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import java.util.Objects;

/**
 * A reading on its way through the topology, with what the earlier stages found out about it. Lives only
 * between processors of one task (never serialized).
 *
 * @param reading          the reading
 * @param json             its JSON as it came off the readings topic, or null (then it is encoded when needed)
 * @param duplicate        dedupe saw its identity before: it is only counted
 * @param tooLateForWindow it arrived after its window had closed: it is in no window aggregate
 */
record Arrival(Reading reading, byte[] json, boolean duplicate, boolean tooLateForWindow) {

    Arrival {
        Objects.requireNonNull(reading, "reading");
    }

    static Arrival fresh(Reading reading) {
        return new Arrival(reading, null, false, false);
    }

    static Arrival fresh(SourcedReading sourced) {
        return new Arrival(sourced.reading(), sourced.json(), false, false);
    }

    static Arrival duplicateOf(Reading reading) {
        return new Arrival(reading, null, true, false);
    }

    Arrival markTooLateForWindow() {
        return new Arrival(reading, json, duplicate, true);
    }
}
