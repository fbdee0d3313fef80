package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/**
 * Decodes the metrics of a Sparkplug B payload, already parsed with tahu-core's generated protobuf
 * classes, straight from the protobuf message: as tahu-core's {@code SparkplugBPayloadDecoder} decoded
 * them (same values, same rejections), but without its object model (a {@code Metric}, a {@code Date}
 * and builders per metric, every array element boxed into a list first, StringArray in quadratic
 * time). Arrays stay bytes until readings are made ({@link SparkplugArray}); DataSet, Template and File
 * values, which are no readings, are only checked ({@link SparkplugStructures}).
 *
 * <p>Not thread-safe: {@link SparkplugDecoder} serialises access.
 */
final class SparkplugMetrics {

    /**
     * One decoded metric.
     *
     * @param name      the metric's name, or for a metric sent by alias only the name its birth gave
     * @param alias     the alias, or null
     * @param type      the datatype, from the metric or (when it has none) from its birth
     * @param timestamp epoch ms, or null
     * @param value     null for a null metric; else the value as tahu-core gives it ({@code Short} for UInt8,
     *                  {@code BigInteger} for UInt64, {@code Date} for DateTime, {@code byte[]} for Bytes),
     *                  a {@link SparkplugArray}, or for DataSet, Template and File (no readings) the datatype
     */
    record Decoded(String name, Long alias, MetricDataType type, Long timestamp, Object value) {
    }

    private final DecodeLimits limits;
    private final SparkplugStructures structures = new SparkplugStructures();

    SparkplugMetrics(DecodeLimits limits) {
        this.limits = limits;
    }

    /**
     * Decodes every metric; names and datatypes of metrics sent by alias come from {@code birth}
     * (null when decoding a birth).
     *
     * @param types the datatypes the birth declared (empty for a birth), for metrics without datatype
     */
    List<Decoded> decode(SparkplugBProto.Payload raw, MetricDataTypeMap types, SparkplugSession.Metrics birth)
            throws DecodeException {
        limits.checkReadingCount(raw.getMetricsCount()); // before decoding them one by one
        List<Decoded> out = new ArrayList<>(raw.getMetricsCount());
        for (int i = 0; i < raw.getMetricsCount(); i++) {
            SparkplugBProto.Payload.Metric metric = raw.getMetrics(i);
            String name = metric.hasName() ? metric.getName() : null;
            if (name == null && birth != null) {
                name = metric.hasAlias() ? birth.names.get(metric.getAlias()) : null;
                if (name == null) {
                    throw new DecodeException(Code.SPARKPLUG_UNKNOWN_ALIAS, "metric " + i + " has "
                            + (metric.hasAlias() ? "alias " + metric.getAlias() + ", which no birth of the session"
                            + " defined" : "neither name nor alias"));
                }
            }
            if (name == null) {
                throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "metric " + i + " of a birth has no name");
            }
            out.add(decode(metric, name, types));
        }
        return out;
    }

    private Decoded decode(SparkplugBProto.Payload.Metric metric, String name, MetricDataTypeMap types)
            throws DecodeException {
        MetricDataType type = MetricDataType.fromInteger(metric.getDatatype());
        if (type == MetricDataType.Unknown) {
            if (metric.hasDatatype()) {
                throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "metric " + Values.quote(name)
                        + " has datatype " + metric.getDatatype() + ", which Sparkplug B does not define");
            }
            type = types.isEmpty() ? null : types.getMetricDataType(name);
            if (type == null) {
                throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "metric " + Values.quote(name)
                        + " cannot be decoded: no known datatype (it has none, and "
                        + (types.isEmpty() ? "this is a birth or its birth declared none)" : "its birth did not"
                        + " declare it)"));
            }
        }
        Object value = null;
        if (!metric.getIsNull()) {
            if (type == MetricDataType.DataSet || type == MetricDataType.Template || type == MetricDataType.File) {
                structures.checkValue(metric, name, type, types);
                value = type; // no reading: only its presence matters
            } else {
                value = value(metric, name, type);
            }
        }
        if (metric.hasProperties()) {
            structures.checkProperties(metric, name);
        }
        return new Decoded(name, metric.hasAlias() ? metric.getAlias() : null, type,
                metric.hasTimestamp() ? metric.getTimestamp() : null, value);
    }

    /** The value of a scalar, Bytes or array metric, as tahu-core gives it. */
    private static Object value(SparkplugBProto.Payload.Metric metric, String name, MetricDataType type)
            throws DecodeException {
        if (SparkplugArray.isArray(type)) {
            return SparkplugArray.of(name, type, metric.getBytesValue());
        }
        return switch (type.toIntValue()) {
            case 1 -> Byte.valueOf((byte) metric.getIntValue()); // Int8
            case 2, 5 -> Short.valueOf((short) metric.getIntValue()); // Int16; UInt8, masked by SparkplugValues
            case 3, 6 -> Integer.valueOf(metric.getIntValue()); // Int32; UInt16, masked by SparkplugValues
            case 4 -> Long.valueOf(metric.getLongValue()); // Int64
            case 7 -> uint32(metric, name);
            case 8 -> new BigInteger(Long.toUnsignedString(metric.getLongValue())); // UInt64
            case 9 -> Float.valueOf(metric.getFloatValue());
            case 10 -> Double.valueOf(metric.getDoubleValue());
            case 11 -> Boolean.valueOf(metric.getBooleanValue());
            case 12, 14, 15 -> metric.getStringValue(); // String, Text, UUID
            case 13 -> new Date(metric.getLongValue()); // DateTime
            case 17 -> metric.getBytesValue().toByteArray(); // Bytes
            default -> throw new IllegalStateException("no value decoding for datatype " + type);
        };
    }

    private static Long uint32(SparkplugBProto.Payload.Metric metric, String name) throws DecodeException {
        if (metric.hasIntValue()) {
            return Integer.toUnsignedLong(metric.getIntValue());
        }
        if (metric.hasLongValue()) {
            return metric.getLongValue();
        }
        throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "metric " + Values.quote(name)
                + " cannot be decoded: a UInt32 with neither int_value nor long_value");
    }
}
