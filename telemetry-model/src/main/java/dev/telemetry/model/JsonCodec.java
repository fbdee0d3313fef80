package dev.telemetry.model;

import java.io.IOException;

/**
 * Writes and reads one record type as JSON, exactly as {@link Json#mapper()} does. {@link JsonSerde} uses
 * databind's codec for every type except the few hot records that have a hand-written streaming one
 * ({@link ReadingCodec}, {@link DeviceStateCodec}): on the stream thread, databind's per-call overhead
 * (property lookup, reflective creators, context objects) costs more than the JSON text itself.
 */
interface JsonCodec<T> {

    /** The JSON bytes {@code Json.mapper().writeValueAsBytes(value)} would write. */
    byte[] write(T value) throws IOException;

    /**
     * The value {@code Json.mapper().readValue(json, type)} would read, or its failure: an {@link IOException}
     * for malformed or mismatched JSON, an {@link IllegalArgumentException} for an invalid value.
     */
    T read(byte[] json) throws IOException;

    /** The codec that asks databind every time: right for every type, fast for none. */
    static <T> JsonCodec<T> databind(Class<T> type) {
        return new JsonCodec<>() {
            @Override
            public byte[] write(T value) throws IOException {
                return Json.mapper().writeValueAsBytes(value);
            }

            @Override
            public T read(byte[] json) throws IOException {
                return Json.mapper().readValue(json, type);
            }
        };
    }
}
