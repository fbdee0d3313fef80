package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A reading as it came off {@code telemetry.readings}: decoded, and the record's value bytes, which
 * {@code telemetry.readings.ordered} republishes as they are (no second encoding of every reading).
 *
 * @param reading the decoded reading
 * @param json    the record's value, the reading's JSON exactly as it was produced
 */
record SourcedReading(Reading reading, byte[] json) {

    SourcedReading {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(json, "json");
    }

    /** The source's value deserializer: {@link TelemetrySerdes#reading()}, keeping the bytes; null stays null. */
    static Deserializer<SourcedReading> deserializer() {
        Deserializer<Reading> readings = TelemetrySerdes.reading().deserializer();
        return (topic, bytes) -> bytes == null ? null : new SourcedReading(readings.deserialize(topic, bytes), bytes);
    }
}
