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
 * ({@link TelemetrySerdes#reading()}), so that the bytes a released reading is published with are the ones it was
 * buffered with. Values written by earlier versions as JSON (they start with {@code '{'}) are still read.
 *
 * <p>The store itself holds these bytes ({@code byte[]} values): {@link ReorderProcessor} encodes and decodes them
 * with {@link #encode} and {@link #decode}, and this serde is for reading the changelog elsewhere (tests, tools).
 */
final class BufferedReadingSerde implements Serde<BufferedReading> {

    static final byte FORMAT = 1;
    private static final int HEADER = 1 + 8 + 8;

    private static final Serializer<Reading> READINGS = TelemetrySerdes.reading().serializer();
    private static final Deserializer<Reading> READINGS_IN = TelemetrySerdes.reading().deserializer();
    private static final Deserializer<BufferedReading> LEGACY = new JsonSerde<>(BufferedReading.class).deserializer();

    /** A decoded value and the reading's JSON as it would be published. */
    record Decoded(BufferedReading buffered, byte[] readingJson) {
    }

    @Override
    public Serializer<BufferedReading> serializer() {
        return (topic, b) -> b == null ? null : encode(b.timestamp(), b.arrivedAt(), READINGS.serialize(topic,
                b.reading()));
    }

    @Override
    public Deserializer<BufferedReading> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes).buffered();
    }

    /** The store value of a reading buffered at {@code timestamp}, arrived at {@code arrivedAt}. */
    static byte[] encode(long timestamp, long arrivedAt, byte[] readingJson) {
        return ByteBuffer.allocate(HEADER + readingJson.length).put(FORMAT).putLong(timestamp).putLong(arrivedAt)
                .put(readingJson).array();
    }

    static Decoded decode(String topic, byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            BufferedReading legacy = LEGACY.deserialize(topic, bytes);
            return new Decoded(legacy, READINGS.serialize(topic, legacy.reading()));
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
        byte[] json = Arrays.copyOfRange(bytes, HEADER, bytes.length);
        return new Decoded(new BufferedReading(READINGS_IN.deserialize(topic, json), timestamp, arrivedAt), json);
    }
}
