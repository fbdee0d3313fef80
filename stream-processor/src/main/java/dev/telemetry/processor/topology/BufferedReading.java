package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;

/**
 * A reading waiting in {@link StateTopology#REORDER_BUFFER_STORE}.
 *
 * @param reading   the reading
 * @param timestamp its event time as the topology sees it (the record timestamp)
 * @param arrivedAt this processor's wall-clock time when it was buffered, for the flush of quiet partitions
 */
public record BufferedReading(Reading reading, long timestamp, long arrivedAt) {
}
