package dev.telemetry.processor.topology;

import dev.telemetry.model.JsonSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value format of {@link StateTopology#WINDOW_STORE} and its changelog: a fixed binary layout, because every
 * numeric reading reads and writes its window, and JSON made that a tenth of the stream thread's time.
 *
 * <p>Layout, big-endian: the format byte {@value #FORMAT}; unit (int length, -1 for none, then UTF-8); count;
 * min, max, sum, mean, m2, first; firstTime; firstSeq (a presence byte, then the long when present); last;
 * lastTime; lastSeq (as firstSeq); closed (one byte). Values written by earlier versions as JSON (they start with
 * {@code '{'}) are still read, so a changelog written before this format restores.
 */
final class WindowAccumulatorSerde implements Serde<WindowAccumulator> {

    static final byte FORMAT = 1;
    private static final int FIXED = 1 + 4 + 8 + 8 * 6 + 8 + 9 + 8 + 8 + 9 + 1; // both seqs present

    private final JsonSerde<WindowAccumulator> legacy = new JsonSerde<>(WindowAccumulator.class);

    @Override
    public Serializer<WindowAccumulator> serializer() {
        return (topic, w) -> w == null ? null : write(w);
    }

    @Override
    public Deserializer<WindowAccumulator> deserializer() {
        Deserializer<WindowAccumulator> json = legacy.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return json.deserialize(topic, bytes);
            }
            return read(topic, bytes);
        };
    }

    static byte[] write(WindowAccumulator w) {
        byte[] unit = w.unit() == null ? null : w.unit().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED + (unit == null ? 0 : unit.length));
        b.put(FORMAT);
        if (unit == null) {
            b.putInt(-1);
        } else {
            b.putInt(unit.length).put(unit);
        }
        b.putLong(w.count()).putDouble(w.min()).putDouble(w.max()).putDouble(w.sum()).putDouble(w.mean())
                .putDouble(w.m2()).putDouble(w.first()).putLong(w.firstTime());
        putSeq(b, w.firstSeq());
        b.putDouble(w.last()).putLong(w.lastTime());
        putSeq(b, w.lastSeq());
        b.put((byte) (w.closed() ? 1 : 0));
        return b.position() == b.capacity() ? b.array() : Arrays.copyOf(b.array(), b.position());
    }

    static WindowAccumulator read(String topic, byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT) {
                throw new SerializationException("window accumulator format " + format + " is unknown (topic "
                        + topic + "); this version reads format " + FORMAT + " and JSON");
            }
            int unitLength = b.getInt();
            String unit = null;
            if (unitLength >= 0) {
                unit = new String(bytes, b.position(), unitLength, StandardCharsets.UTF_8);
                b.position(b.position() + unitLength);
            }
            long count = b.getLong();
            double min = b.getDouble();
            double max = b.getDouble();
            double sum = b.getDouble();
            double mean = b.getDouble();
            double m2 = b.getDouble();
            double first = b.getDouble();
            long firstTime = b.getLong();
            Long firstSeq = getSeq(b);
            double last = b.getDouble();
            long lastTime = b.getLong();
            Long lastSeq = getSeq(b);
            boolean closed = b.get() != 0;
            if (b.hasRemaining()) {
                throw new SerializationException(b.remaining() + " bytes after a window accumulator (topic " + topic
                        + ")");
            }
            return new WindowAccumulator(unit, count, min, max, sum, mean, m2, first, firstTime, firstSeq, last,
                    lastTime, lastSeq, closed);
        } catch (RuntimeException e) {
            if (e instanceof SerializationException s) {
                throw s;
            }
            throw new SerializationException("cannot read a window accumulator of " + bytes.length + " bytes (topic "
                    + topic + "): " + e, e);
        }
    }

    private static void putSeq(ByteBuffer b, Long seq) {
        if (seq == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1).putLong(seq);
        }
    }

    private static Long getSeq(ByteBuffer b) {
        return b.get() == 0 ? null : b.getLong();
    }
}
