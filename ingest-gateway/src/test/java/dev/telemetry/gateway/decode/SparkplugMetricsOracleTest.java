package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.ReadingValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkplugMetrics} decodes metrics as the decoder did when every metric went through tahu-core's
 * {@code SparkplugBPayloadDecoder}: for random metrics of every datatype (well-formed and not: odd array
 * lengths, BooleanArray counts, StringArray bytes with NULs and broken UTF-8, UInt32 without value,
 * missing datatypes resolved through a birth, properties, DataSets and Templates), the same names,
 * aliases, datatypes, timestamps and reading values, or a rejection with the same reason.
 */
class SparkplugMetricsOracleTest {

    private static final int[] DATATYPES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
    private static final String[] NAMES = {"a", "b", "Temp", "bdSeq", "Node Control/Rebirth", "x/y"};

    private final SparkplugMetrics metrics = new SparkplugMetrics(DecodeLimits.DEFAULTS);
    private final TahuOracle tahu = new TahuOracle();

    @Test
    void shouldDecodeRandomMetricsAsTahuCoreDid() {
        Random random = new Random(20_261_129L);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 40_000; i++) {
            Payload payload = payload(random);
            MetricDataTypeMap types = random.nextBoolean() ? new MetricDataTypeMap() : birthTypes(random);

            String expected = outcome(() -> viaTahu(payload, types));
            String actual = outcome(() -> viaSparkplugMetrics(payload, types));

            assertThat(actual).as("payload %s", payload).isEqualTo(expected);
            if (expected.startsWith("rejected")) {
                rejected++;
            } else {
                decoded++;
            }
        }
        // both outcomes are well represented, or the comparison would prove little
        assertThat(decoded).isGreaterThan(10_000);
        assertThat(rejected).isGreaterThan(4_000);
    }

    private interface Decoding {
        List<String> run() throws DecodeException;
    }

    private static String outcome(Decoding decoding) {
        try {
            return String.join("\n", decoding.run());
        } catch (DecodeException e) {
            return "rejected " + e.code();
        }
    }

    private List<String> viaSparkplugMetrics(Payload payload, MetricDataTypeMap types) throws DecodeException {
        List<String> out = new ArrayList<>();
        for (SparkplugMetrics.Decoded m : metrics.decode(payload, types, null)) {
            out.add(describe(m.name(), m.alias(), m.type(), m.timestamp(), m.value()));
        }
        return out;
    }

    /** The decoder's metric conversion before SparkplugMetrics: pre-checks, then tahu-core for every metric. */
    private List<String> viaTahu(Payload payload, MetricDataTypeMap types) throws DecodeException {
        DecodeLimits.DEFAULTS.checkReadingCount(payload.getMetricsCount());
        List<String> out = new ArrayList<>();
        for (Payload.Metric metric : payload.getMetricsList()) {
            if (!metric.hasName()) {
                throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "no name");
            }
            if (metric.hasDatatype() && MetricDataType.fromInteger(metric.getDatatype()) == MetricDataType.Unknown) {
                throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "undefined datatype");
            }
            Metric converted;
            try {
                converted = tahu.convert(metric, types);
            } catch (Exception e) {
                throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, e.toString());
            }
            if (converted == null) {
                throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "no known datatype");
            }
            Object value = Boolean.TRUE.equals(converted.isNull()) ? null : converted.getValue();
            if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
                value = new Elements(value); // SparkplugValues reads arrays through SparkplugArray now
            }
            out.add(describe(converted.getName(), converted.getAlias(), converted.getDataType(),
                    converted.getTimestamp() == null ? null : converted.getTimestamp().getTime(), value));
        }
        return out;
    }

    /** A tahu-core array, compared element by element with a SparkplugArray. */
    private record Elements(Object array) {
    }

    private static String describe(String name, Long alias, MetricDataType type, Long timestamp, Object value) {
        StringBuilder out = new StringBuilder(name + " alias=" + alias + " type=" + type + " ts=" + timestamp);
        if (value instanceof Elements e) {
            int n = java.lang.reflect.Array.getLength(e.array());
            out.append(" elements=").append(n);
            for (int i = 0; i < n; i++) {
                out.append(" [").append(element(java.lang.reflect.Array.get(e.array(), i))).append(']');
            }
            value = null; // compared by elements
        } else if (value instanceof SparkplugArray a) {
            out.append(" elements=").append(a.size());
            for (int i = 0; i < a.size(); i++) {
                out.append(" [").append(element(a.get(i))).append(']');
            }
            value = null;
        }
        try {
            for (Map.Entry<String, ReadingValue> v : SparkplugValues.values("m", type, value)) {
                out.append(' ').append(v.getKey()).append('=').append(v.getValue());
            }
        } catch (DecodeException e) {
            out.append(" values rejected ").append(e.code());
        }
        if (value != null && (type == MetricDataType.DataSet || type == MetricDataType.Template
                || type == MetricDataType.File)) {
            out.append(" object"); // no reading, but not a null metric
        }
        return out.toString();
    }

    /**
     * An element with its Java type: equal elements make equal readings, since SparkplugValues turns each
     * element of a SparkplugArray into a reading as it did each element of tahu-core's arrays.
     */
    private static String element(Object e) {
        return e.getClass().getSimpleName() + ":" + (e instanceof java.util.Date d ? d.getTime() : e);
    }

    private static Payload payload(Random random) {
        Payload.Builder p = Payload.newBuilder().setTimestamp(1L).setSeq(1);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            p.addMetrics(metric(random));
        }
        return p.build();
    }

    private static Payload.Metric metric(Random random) {
        return metric(random, 0);
    }

    /** A random metric; within templates ({@code depth} > 0) names and datatypes may be missing. */
    private static Payload.Metric metric(Random random, int depth) {
        Payload.Metric.Builder m = Payload.Metric.newBuilder();
        if (depth == 0 || random.nextInt(5) > 0) {
            m.setName(NAMES[random.nextInt(NAMES.length)]);
        }
        int datatype = depth > 0 && random.nextInt(3) == 0 ? new int[] {0, 20, 35}[random.nextInt(3)]
                : DATATYPES[random.nextInt(DATATYPES.length)];
        if (datatype != 0 || random.nextInt(4) == 0) {
            m.setDatatype(datatype); // else absent: from the birth's types, if any
        }
        if (random.nextBoolean()) {
            m.setAlias(random.nextInt(5));
        }
        if (random.nextBoolean()) {
            m.setTimestamp(random.nextLong());
        }
        if (random.nextInt(depth > 0 ? 4 : 10) == 0) {
            m.setIsNull(true);
        }
        // half of the values are in the field of the datatype, so that its decoding is reached
        int field = random.nextBoolean() ? random.nextInt(9) : switch (datatype) {
            case 1, 2, 3, 5, 6, 7 -> 0;
            case 4, 8, 13 -> 1;
            case 16 -> 7;
            case 19 -> 8;
            default -> datatype >= 17 ? 6 : random.nextInt(9);
        };
        switch (field) {
            case 0 -> m.setIntValue(random.nextInt(5) == 0 ? random.nextInt() : random.nextInt(600) - 300);
            case 1 -> m.setLongValue(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1000));
            case 2 -> m.setFloatValue(new float[] {12.1f, -0f, Float.NaN, Float.MAX_VALUE, 1e-40f}[random.nextInt(5)]);
            case 3 -> m.setDoubleValue(new double[] {21.5, Double.NEGATIVE_INFINITY, -1e300}[random.nextInt(3)]);
            case 4 -> m.setBooleanValue(random.nextBoolean());
            case 5 -> m.setStringValue(new String[] {"", "text", " NaN ", "\u00e9t\u00e9", "x".repeat(70)}[
                    random.nextInt(5)]);
            case 6 -> m.setBytesValue(ByteString.copyFrom(bytes(random)));
            case 7 -> m.setDatasetValue(dataSet(random));
            default -> m.setTemplateValue(template(random, depth));
        }
        if (random.nextInt(6) == 0) {
            Payload.PropertySet.Builder props = Payload.PropertySet.newBuilder().addKeys("engUnit");
            if (random.nextInt(3) > 0) { // else a key without value
                props.addValues(Payload.PropertyValue.newBuilder().setType(random.nextInt(24)).setStringValue("V"));
            }
            m.setProperties(props);
        }
        return m.build();
    }

    /** Bytes for array datatypes: lengths around element sizes, NULs and broken UTF-8, BooleanArray counts. */
    private static byte[] bytes(Random random) {
        int length = random.nextInt(3) == 0 ? random.nextInt(4) : random.nextInt(40);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> 'a' + random.nextInt(3);
                case 2 -> 0xC3 + random.nextInt(30); // lead bytes, often without their continuation
                case 3 -> 0x80 + random.nextInt(64); // continuation bytes
                default -> random.nextInt(256);
            };
        }
        if (length >= 4 && random.nextBoolean()) { // a plausible BooleanArray count, sometimes too large
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(0, random.nextInt(8 * (length - 4) + 12) - 4);
        }
        return out;
    }

    private static Payload.Template template(Random random, int depth) {
        Payload.Template.Builder t = Payload.Template.newBuilder().setIsDefinition(random.nextBoolean());
        for (int i = random.nextInt(3); i > 0; i--) {
            Payload.Template.Parameter.Builder p = Payload.Template.Parameter.newBuilder().setName("p")
                    .setType(random.nextBoolean() ? 7 : random.nextInt(17));
            switch (random.nextInt(4)) {
                case 0 -> p.setIntValue(7);
                case 1 -> p.setLongValue(-1);
                case 2 -> p.setStringValue("s");
                default -> { } // no value
            }
            t.addParameters(p);
        }
        for (int i = depth < 3 ? random.nextInt(4) : 0; i > 0; i--) {
            t.addMetrics(metric(random, depth + 1));
        }
        return t.build();
    }

    private static Payload.DataSet dataSet(Random random) {
        int columns = random.nextInt(4);
        Payload.DataSet.Builder d = Payload.DataSet.newBuilder()
                .setNumOfColumns(random.nextInt(5) == 0 ? random.nextInt(4) : columns);
        for (int i = random.nextInt(5) == 0 ? random.nextInt(4) : columns; i > 0; i--) {
            d.addColumns("c" + i);
        }
        for (int i = random.nextInt(5) == 0 ? random.nextInt(4) : columns; i > 0; i--) {
            d.addTypes(random.nextInt(4) == 0 ? random.nextInt(17) : 1 + random.nextInt(14));
        }
        for (int r = random.nextInt(4); r > 0; r--) {
            Payload.DataSet.Row.Builder row = Payload.DataSet.Row.newBuilder();
            for (int i = random.nextInt(5) == 0 ? random.nextInt(5) : columns; i > 0; i--) {
                row.addElements(random.nextBoolean() ? Payload.DataSet.DataSetValue.newBuilder().setIntValue(i)
                        : Payload.DataSet.DataSetValue.newBuilder().setStringValue("null"));
            }
            d.addRows(row);
        }
        return d.build();
    }

    /**
     * The birth's datatypes by name (also as template members, {@code <template>/<member>}) and by alias,
     * for metrics without datatype.
     */
    private static MetricDataTypeMap birthTypes(Random random) {
        MetricDataTypeMap types = new MetricDataTypeMap();
        List<String> names = new ArrayList<>(List.of(NAMES));
        for (String template : NAMES) {
            for (String member : NAMES) {
                names.add(template + "/" + member);
            }
        }
        names.add("/");
        for (String name : names) {
            if (random.nextInt(3) > 0) {
                types.addMetricDataType(name, randomType(random));
            }
        }
        for (long alias = 0; alias < 5; alias++) {
            if (random.nextBoolean()) {
                types.addMetricDataType(alias, randomType(random));
            }
        }
        return types;
    }

    private static MetricDataType randomType(Random random) {
        MetricDataType t;
        do {
            t = MetricDataType.fromInteger(DATATYPES[1 + random.nextInt(DATATYPES.length - 1)]);
        } while (t == MetricDataType.Unknown);
        return t;
    }

    private static final class TahuOracle extends SparkplugBPayloadDecoder {
        Metric convert(Payload.Metric metric, MetricDataTypeMap types) throws Exception {
            return convertMetric(metric, types, null);
        }
    }
}
