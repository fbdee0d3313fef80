package dev.telemetry.gateway.decode;

import com.google.protobuf.ByteString;
import dev.telemetry.gateway.decode.DecodeException.Code;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.eclipse.tahu.message.model.MetricDataType;

/**
 * The value of a Sparkplug array metric (Int8Array ... DateTimeArray), kept in its little-endian bytes
 * and decoded element by element when readings are made, that is after the reading count has been
 * checked against {@code limits.max-readings-per-message}. tahu-core boxed every element into an
 * {@code ArrayList} first, and decoded StringArray in quadratic time and space (a buffer of the whole
 * value for every string: a 4 KB value of NULs allocated 270 MB).
 *
 * <p>Elements are the same Java objects tahu-core gives ({@code Short} for UInt8, sign-extended,
 * {@code BigInteger} for UInt64...), so that {@link SparkplugValues} turns them into the same readings.
 * Malformed bytes are rejected as tahu-core did (it threw {@code BufferUnderflowException}): a length
 * that is not a multiple of the element size, a BooleanArray without its 4-byte count or with fewer
 * bytes than the count needs.
 */
final class SparkplugArray {

    private final MetricDataType type;
    private final ByteBuffer bytes;
    private final int size;
    /** StringArray: where each element starts; its NUL terminator ends it. */
    private final int[] starts;

    private SparkplugArray(MetricDataType type, ByteBuffer bytes, int size, int[] starts) {
        this.type = type;
        this.bytes = bytes;
        this.size = size;
        this.starts = starts;
    }

    /** True for the datatypes of array metrics. */
    static boolean isArray(MetricDataType type) {
        int t = type.toIntValue();
        return t >= MetricDataType.Int8Array.toIntValue() && t <= MetricDataType.DateTimeArray.toIntValue();
    }

    /**
     * The array of {@code type} in {@code value}, checked for shape without decoding the elements.
     *
     * @throws DecodeException {@code INVALID_SPARKPLUG_PAYLOAD} for bytes that are not an array of the type
     */
    static SparkplugArray of(String metric, MetricDataType type, ByteString value) throws DecodeException {
        ByteBuffer bytes = value.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int length = bytes.remaining();
        if (type == MetricDataType.StringArray) {
            int count = 0;
            for (int i = 0; i < length; i++) {
                if (bytes.get(i) == 0) {
                    count++;
                }
            }
            int[] starts = new int[count]; // bytes after the last NUL are no element (as in tahu-core)
            for (int i = 0, n = 0, start = 0; n < count; i++) {
                if (bytes.get(i) == 0) {
                    starts[n++] = start;
                    start = i + 1;
                }
            }
            return new SparkplugArray(type, bytes, count, starts);
        }
        if (type == MetricDataType.BooleanArray) {
            if (length < 4) {
                throw malformed(metric, type, "it has " + length + " bytes, fewer than its 4-byte element count");
            }
            int count = Math.max(bytes.getInt(0), 0); // tahu-core reads a negative count as no element
            long needed = (count + 7L) / 8;
            if (needed > length - 4) {
                throw malformed(metric, type, "its " + count + " elements need " + needed + " bytes after the count,"
                        + " it has " + (length - 4));
            }
            return new SparkplugArray(type, bytes, count, null);
        }
        int width = width(type);
        if (length % width != 0) {
            throw malformed(metric, type, length + " bytes are not a whole number of " + width + "-byte elements");
        }
        return new SparkplugArray(type, bytes, length / width, null);
    }

    private static DecodeException malformed(String metric, MetricDataType type, String why) {
        return new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "metric " + Values.quote(metric)
                + " cannot be decoded as " + type + ": " + why);
    }

    private static int width(MetricDataType type) {
        return switch (type.toIntValue()) {
            case 22, 26 -> 1; // Int8Array, UInt8Array
            case 23, 27 -> 2; // Int16Array, UInt16Array
            case 24, 28, 30 -> 4; // Int32Array, UInt32Array, FloatArray
            default -> 8; // Int64Array, UInt64Array, DoubleArray, DateTimeArray
        };
    }

    MetricDataType type() {
        return type;
    }

    /** The number of elements. */
    int size() {
        return size;
    }

    /** Element {@code i}, as tahu-core gives it. */
    Object get(int i) {
        // boxed one by one: a switch of mixed primitives would widen them all to one type
        return switch (type.toIntValue()) {
            case 22 -> Byte.valueOf(bytes.get(i)); // Int8Array
            case 23 -> Short.valueOf(bytes.getShort(2 * i)); // Int16Array
            case 24 -> Integer.valueOf(bytes.getInt(4 * i)); // Int32Array
            case 25 -> Long.valueOf(bytes.getLong(8 * i)); // Int64Array
            case 26 -> Short.valueOf(bytes.get(i)); // UInt8Array, sign-extended as tahu-core; SparkplugValues masks it
            case 27 -> Integer.valueOf(Short.toUnsignedInt(bytes.getShort(2 * i))); // UInt16Array
            case 28 -> Long.valueOf(Integer.toUnsignedLong(bytes.getInt(4 * i))); // UInt32Array
            case 29 -> new BigInteger(Long.toUnsignedString(bytes.getLong(8 * i))); // UInt64Array
            case 30 -> Float.valueOf(bytes.getFloat(4 * i)); // FloatArray
            case 31 -> Double.valueOf(bytes.getDouble(8 * i)); // DoubleArray
            case 32 -> Boolean.valueOf((bytes.get(4 + i / 8) & (0x80 >>> (i % 8))) != 0); // high bit first
            case 33 -> string(i); // StringArray
            case 34 -> new Date(bytes.getLong(8 * i)); // DateTimeArray
            default -> throw new IllegalStateException("not an array datatype: " + type);
        };
    }

    private String string(int i) {
        int start = starts[i];
        int end = start;
        while (bytes.get(end) != 0) {
            end++;
        }
        byte[] utf8 = new byte[end - start];
        bytes.get(start, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
