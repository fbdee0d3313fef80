package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.TelemetrySerdes;
import dev.telemetry.model.TimeSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value format of {@link StateTopology#STATE_STORE} and its changelog (not of the device-state topic, which
 * stays JSON): a binary layout, because every reading reads its device's state from the store and writes it back,
 * and the JSON form cost a parse and a generation of the whole state each time.
 *
 * <p>Layout, big-endian: the format byte {@value #FORMAT}; deviceId; lastSeen; lastReceived; status; the six
 * counters (accepted, late, duplicates, outOfOrder, sequenceGaps, tooLateForWindow); maxSeq (a presence byte, then
 * the long); the number of metrics (int), then per metric in name order: name; value (a kind byte: {@code 'n'}
 * and the double, {@code 'b'} and one byte, {@code 's'} and a string); unit (a string or none); eventTime;
 * timeSource; seq (as maxSeq); receivedAt. A string is its UTF-8 length (int, -1 for none) and bytes; the enums are
 * written by name, so reordering their constants cannot change what a stored state means. States written by
 * earlier versions as JSON (they start with {@code '{'}) are still read, so a changelog from before this format
 * restores.
 */
final class DeviceStateSerde implements Serde<DeviceState> {

    static final byte FORMAT = 1;
    private static final byte NUM = 'n';
    private static final byte BOOL = 'b';
    private static final byte TEXT = 's';

    private final Deserializer<DeviceState> legacy = TelemetrySerdes.deviceState().deserializer();

    @Override
    public Serializer<DeviceState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<DeviceState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return legacy.deserialize(topic, bytes);
            }
            return read(topic, bytes);
        };
    }

    static byte[] write(DeviceState s) {
        // room for the fixed fields and typical names without growing (Output keeps 64 bytes of slack per string)
        Output out = new Output(256 + 160 * s.metrics().size());
        out.b.put(FORMAT);
        out.string(s.deviceId());
        out.b.putLong(s.lastSeen()).putLong(s.lastReceived());
        out.string(s.status().name());
        DeviceCounters c = s.counters();
        out.b.putLong(c.accepted()).putLong(c.late()).putLong(c.duplicates()).putLong(c.outOfOrder())
                .putLong(c.sequenceGaps()).putLong(c.tooLateForWindow());
        out.optionalLong(s.maxSeq());
        out.b.putInt(s.metrics().size());
        for (Map.Entry<String, MetricState> e : s.metrics().entrySet()) {
            MetricState m = e.getValue();
            out.string(e.getKey());
            if (m.value() instanceof ReadingValue.Num n) {
                out.b.put(NUM).putDouble(n.value());
            } else if (m.value() instanceof ReadingValue.Bool b) {
                out.b.put(BOOL).put((byte) (b.value() ? 1 : 0));
            } else {
                out.b.put(TEXT);
                out.string(((ReadingValue.Text) m.value()).value());
            }
            out.string(m.unit());
            out.b.putLong(m.eventTime());
            out.string(m.timeSource().name());
            out.optionalLong(m.seq());
            out.b.putLong(m.receivedAt());
        }
        return out.bytes();
    }

    static DeviceState read(String topic, byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT) {
                throw new SerializationException("device state format " + format + " is unknown (topic " + topic
                        + "); this version reads format " + FORMAT + " and JSON");
            }
            String deviceId = string(b);
            long lastSeen = b.getLong();
            long lastReceived = b.getLong();
            DeviceStatus status = DeviceStatus.valueOf(string(b));
            DeviceCounters counters = new DeviceCounters(b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                    b.getLong(), b.getLong());
            Long maxSeq = optionalLong(b);
            int n = b.getInt();
            if (n < 0 || n > b.remaining()) {
                throw new SerializationException("a device state of " + n + " metrics in " + bytes.length + " bytes");
            }
            Map<String, MetricState> metrics = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                String name = string(b);
                ReadingValue value = switch (b.get()) {
                    case NUM -> ReadingValue.of(b.getDouble());
                    case BOOL -> ReadingValue.of(b.get() != 0);
                    case TEXT -> ReadingValue.of(string(b));
                    default -> throw new SerializationException("unknown value kind in the state of " + deviceId);
                };
                String unit = string(b);
                long eventTime = b.getLong();
                TimeSource timeSource = TimeSource.valueOf(string(b));
                Long seq = optionalLong(b);
                long receivedAt = b.getLong();
                metrics.put(name, new MetricState(value, unit, eventTime, timeSource, seq, receivedAt));
            }
            if (b.hasRemaining()) {
                throw new SerializationException(b.remaining() + " bytes after the state of " + deviceId);
            }
            return new DeviceState(deviceId, metrics, lastSeen, lastReceived, status, counters, maxSeq);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read a device state of " + bytes.length + " bytes (topic "
                    + topic + "): " + e, e);
        }
    }

    private static String string(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }

    private static Long optionalLong(ByteBuffer b) {
        return b.get() == 0 ? null : b.getLong();
    }

    /** A big-endian buffer that grows. */
    private static final class Output {
        ByteBuffer b;

        Output(int capacity) {
            b = ByteBuffer.allocate(capacity);
        }

        void string(String s) {
            if (s == null) {
                room(4);
                b.putInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length + 64);
            b.putInt(utf8.length).put(utf8);
        }

        void optionalLong(Long value) {
            room(9);
            if (value == null) {
                b.put((byte) 0);
            } else {
                b.put((byte) 1).putLong(value);
            }
        }

        /** Ensures {@code n} more bytes fit; the fixed-size fields between strings fit in the slack it leaves. */
        private void room(int n) {
            if (b.remaining() < n + 64) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n + 128));
                bigger.put(b.array(), 0, b.position());
                b = bigger;
            }
        }

        byte[] bytes() {
            return b.position() == b.capacity() ? b.array() : Arrays.copyOf(b.array(), b.position());
        }
    }
}
