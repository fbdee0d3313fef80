package dev.telemetry.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A {@link JsonCodec} on Jackson's streaming API, with databind as the reference for everything unusual.
 *
 * <p>Writing is hand-written and must produce databind's bytes exactly (the equivalence tests check that
 * for random values). Reading has a fast path for the JSON shapes producers actually write (any field order,
 * unknown fields, nulls in optional fields); anything else, such as a coerced scalar ({@code "eventTime":"5"}),
 * a duplicated field, a missing required field, an invalid value or malformed JSON, leaves the fast path and is
 * read again by databind, whose answer (a value or an error) is the one returned. Re-implementing databind's
 * coercion and duplicate rules would be a second, subtly different definition of the wire format; re-reading
 * the rare odd record costs one extra parse.
 *
 * <p>Parsers and generators come from {@code Json.mapper().getFactory()}, so the same
 * {@link com.fasterxml.jackson.core.StreamReadConstraints} and features apply. Thread-safe: the only state is
 * the per-thread generator of {@link ThreadJsonWriter}.
 */
abstract class StreamingCodec<T> implements JsonCodec<T> {

    static final JsonFactory FACTORY = Json.mapper().getFactory();

    private final Class<T> type;

    StreamingCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public final byte[] write(T value) throws IOException {
        return ThreadJsonWriter.write(this, value);
    }

    @Override
    public final T read(byte[] json) throws IOException {
        T value = readFast(json);
        return value != null ? value : Json.mapper().readValue(json, type);
    }

    /**
     * The fast path alone: the value, or null when the input is left to databind. Like databind with its
     * default {@code FAIL_ON_TRAILING_TOKENS=false}, it stops at the end of the root object.
     */
    final T readFast(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return p.nextToken() == JsonToken.START_OBJECT ? readObject(p) : null;
        } catch (IOException | RuntimeException e) {
            // NotOnFastPath, malformed JSON, a violated constraint or a constructor's validation: databind
            // reads it again and reports it in its own words
            return null;
        }
    }

    /** Writes the value as databind would, from its start object to its end object. */
    abstract void writeValue(JsonGenerator gen, T value) throws IOException;

    /**
     * Reads the object whose START_OBJECT is the current token, up to its END_OBJECT. Throws
     * {@link NotOnFastPath} (or any exception) to leave the input to databind.
     */
    abstract T readObject(JsonParser p) throws IOException;

    /** Thrown to leave the fast path; no stack trace, as it is control flow for the rare odd record. */
    static final class NotOnFastPath extends RuntimeException {
        static final NotOnFastPath INSTANCE = new NotOnFastPath();

        private NotOnFastPath() {
            super("not on the fast path", null, false, false);
        }
    }
}
