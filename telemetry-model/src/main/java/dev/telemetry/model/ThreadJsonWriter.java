package dev.telemetry.model;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * One {@link JsonGenerator} per thread, reused for every value the {@link StreamingCodec}s write on it. A fresh
 * generator per value (as databind's {@code writeValueAsBytes} makes) costs about a sixth of writing a
 * {@link Reading} ({@code JsonCodecBenchmark} in the tests); the processor writes one or two values per record
 * on its stream thread.
 *
 * <p>Successive root values of one generator are byte-identical to values of fresh generators once the root
 * separator (a space by default) is switched off; the equivalence tests write thousands of values per thread.
 * A generator whose write failed half-way, or that has served {@value #WRITES_PER_GENERATOR} values, is
 * dropped so that no state can carry over; one that grew large for a big value is dropped too, to return
 * the memory. A nested write on the same thread (none exists) would get a generator of its own.
 */
final class ThreadJsonWriter {

    private static final ThreadLocal<ThreadJsonWriter> CURRENT = new ThreadLocal<>();
    private static final int WRITES_PER_GENERATOR = 1 << 20;
    private static final int MAX_RETAINED_BYTES = 64 * 1024;

    private final Output out = new Output();
    private final JsonGenerator gen;
    private int writes;
    private boolean busy;

    private ThreadJsonWriter() throws IOException {
        gen = StreamingCodec.FACTORY.createGenerator(out, JsonEncoding.UTF8);
        gen.setRootValueSeparator(null);
    }

    static <T> byte[] write(StreamingCodec<T> codec, T value) throws IOException {
        ThreadJsonWriter writer = CURRENT.get();
        if (writer == null || writer.busy) {
            writer = new ThreadJsonWriter();
            if (CURRENT.get() == null) {
                CURRENT.set(writer);
            }
        }
        return writer.writeOne(codec, value);
    }

    private <T> byte[] writeOne(StreamingCodec<T> codec, T value) throws IOException {
        busy = true;
        boolean keep = false;
        try {
            codec.writeValue(gen, value);
            gen.flush();
            byte[] bytes = out.toByteArray();
            keep = ++writes < WRITES_PER_GENERATOR && out.capacity() <= MAX_RETAINED_BYTES;
            return bytes;
        } finally {
            busy = false;
            out.reset();
            if (!keep && CURRENT.get() == this) {
                CURRENT.remove();
            }
        }
    }

    /** A byte array stream that tells its capacity. */
    private static final class Output extends ByteArrayOutputStream {
        int capacity() {
            return buf.length;
        }
    }
}
