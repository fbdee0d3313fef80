package dev.telemetry.processor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value format of the stores that hold one long (a time) per key, such as the newest released timestamp per
 * device or a partition's stream time: the format byte {@value #FORMAT} and the long, big-endian. Several are
 * written for every reading, and JSON made each write a generation and each read a parse. Values written by
 * earlier versions as a JSON number (they start with a digit or {@code '-'}, never with the format byte) are still
 * read.
 */
final class TimestampSerde implements Serde<Long> {

    static final byte FORMAT = 1;

    @Override
    public Serializer<Long> serializer() {
        return (topic, value) -> value == null ? null : ByteBuffer.allocate(9).put(FORMAT).putLong(value).array();
    }

    @Override
    public Deserializer<Long> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 9 && bytes[0] == FORMAT) {
                return ByteBuffer.wrap(bytes, 1, 8).getLong();
            }
            String text = new String(bytes, StandardCharsets.UTF_8).trim();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new SerializationException("cannot read a timestamp of " + bytes.length + " bytes from "
                        + topic + ": neither format " + FORMAT + " nor a JSON number", e);
            }
        };
    }
}
