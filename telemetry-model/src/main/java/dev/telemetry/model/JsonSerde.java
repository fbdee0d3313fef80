package dev.telemetry.model;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde that writes and reads one record type as JSON with {@link Json#mapper()}, or with a
 * streaming codec that writes and reads the same JSON faster (see {@link TelemetrySerdes#reading()}).
 * A null value (a tombstone) stays null in both directions.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final JsonCodec<T> codec;

    public JsonSerde(Class<T> type) {
        this(type, JsonCodec.databind(type));
    }

    JsonSerde(Class<T> type, JsonCodec<T> codec) {
        this.type = type;
        this.codec = codec;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return codec.write(data);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " for topic " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return codec.read(bytes);
            } catch (IOException | IllegalArgumentException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic
                        + ": " + e.getMessage(), e);
            }
        };
    }
}
