package dev.telemetry.processor.topology;

import dev.telemetry.model.JsonSerde;
import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value format of {@link StateTopology#REORDER_BUFFER_STORE} and its changelog: the format byte
 * {@value #FORMAT}, timestamp and arrivedAt (big-endian longs), then the reading exactly as on the readings topic
 * ({@link TelemetrySerdes#reading()}). Every buffered reading is written and read back once, and a JSON wrapper
 * around the reading cost a generic bean mapping each time. Values written by earlier versions as JSON (they start
 * with {@code '{'}) are still read.
 */
final class BufferedReadingSerde implements Serde<BufferedReading> {

    static final byte FORMAT = 1;
    private static final int HEADER = 1 + 8 + 8;

    private final Serializer<Reading> readings = TelemetrySerdes.reading().serializer();
    private final Deserializer<Reading> readingsIn = TelemetrySerdes.reading().deserializer();
    private final Deserializer<BufferedReading> legacy = new JsonSerde<>(BufferedReading.class).deserializer();

    @Override
    public Serializer<BufferedReading> serializer() {
        return (topic, b) -> {
            if (b == null) {
                return null;
            }
            byte[] reading = readings.serialize(topic, b.reading());
            return ByteBuffer.allocate(HEADER + reading.length).put(FORMAT).putLong(b.timestamp())
                    .putLong(b.arrivedAt()).put(reading).array();
        };
    }

    @Override
    public Deserializer<BufferedReading> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return legacy.deserialize(topic, bytes);
            }
            if (bytes.length <= HEADER || bytes[0] != FORMAT) {
                throw new SerializationException("cannot read a buffered reading of " + bytes.length + " bytes from "
                        + topic + ": " + (bytes.length == 0 ? "empty" : bytes.length <= HEADER ? "too short"
                        : "format " + bytes[0] + " is unknown; this version reads format " + FORMAT + " and JSON"));
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            b.get();
            long timestamp = b.getLong();
            long arrivedAt = b.getLong();
            Reading reading = readingsIn.deserialize(topic, Arrays.copyOfRange(bytes, HEADER, bytes.length));
            return new BufferedReading(reading, timestamp, arrivedAt);
        };
    }
}
