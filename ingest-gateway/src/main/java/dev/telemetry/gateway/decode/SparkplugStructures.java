package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.DataSet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Template;

/**
 * Checks the Sparkplug values that are no readings (DataSet, Template, File) and property sets the way
 * tahu-core's {@code SparkplugBPayloadDecoder} did when it converted them, so that the same payloads are
 * rejected, but without building them: tahu-core formatted every DataSet row into a trace message
 * (whether or not tracing was on) and concatenated a template's name into a prefix for every metric of
 * the template, which let a 240 KB DataSet allocate 62 MB. Property sets are still converted by tahu-core
 * (a map entry per property; nothing grows faster than the bytes).
 *
 * <p>What tahu-core rejects: a DataSet whose column names or types do not number {@code num_of_columns},
 * a row with another number of elements, an element beyond the types or of a type outside Int8..Text;
 * a template parameter of a type outside Int8..Text or a UInt32 parameter without value; a template
 * metric whose datatype is undefined, or missing and not declared by the birth (under the template's
 * {@code <name>/} prefix), and within it, recursively, what is rejected at the top level. A template
 * metric without datatype in a birth is left out by tahu-core, not rejected. Depth is bounded by
 * protobuf's parser (100 levels).
 */
final class SparkplugStructures {

    private final PropertyConverter properties = new PropertyConverter();

    /**
     * Checks the value of a DataSet, Template or File metric, not null, whose datatype is {@code type}.
     *
     * @param name  the metric's name (for a template, the prefix of its metrics' names in {@code types})
     * @param types the birth's datatypes (empty for a birth), for template metrics without datatype
     */
    void checkValue(SparkplugBProto.Payload.Metric metric, String name, MetricDataType type,
            MetricDataTypeMap types) throws DecodeException {
        if (type == MetricDataType.DataSet) {
            checkDataSet(name, metric.getDatasetValue());
        } else if (type == MetricDataType.Template) {
            checkTemplate(name, metric.getTemplateValue(), types, null);
        } // a File is its bytes and a file name: nothing to reject
    }

    /** Checks a metric's property set by converting it with tahu-core. */
    void checkProperties(SparkplugBProto.Payload.Metric metric, String name) throws DecodeException {
        try {
            properties.convert(metric.getProperties());
        } catch (Exception e) {
            throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "metric " + Values.quote(name)
                    + " cannot be decoded: its properties: " + e, e);
        }
    }

    private static void checkDataSet(String metric, DataSet d) throws DecodeException {
        for (int r = 0; r < d.getRowsCount(); r++) {
            DataSet.Row row = d.getRows(r);
            for (int i = 0; i < row.getElementsCount(); i++) {
                if (i >= d.getTypesCount()) {
                    throw invalid(metric, "DataSet row " + r + " has more elements than the " + d.getTypesCount()
                            + " column types");
                }
                int type = d.getTypes(i);
                if (type < 1 || type > 14) { // Int8..Text
                    throw invalid(metric, "DataSet column " + i + " has type " + type + ", not a DataSet type");
                }
            }
        }
        long columns = d.getNumOfColumns();
        if (d.getColumnsCount() != columns || d.getTypesCount() != columns) {
            throw invalid(metric, "DataSet of " + columns + " columns has " + d.getColumnsCount() + " column names and "
                    + d.getTypesCount() + " column types");
        }
        if (columns > 0) {
            for (int r = 0; r < d.getRowsCount(); r++) {
                if (d.getRows(r).getElementsCount() != columns) {
                    throw invalid(metric, "DataSet row " + r + " has " + d.getRows(r).getElementsCount()
                            + " elements, not " + columns);
                }
            }
        }
    }

    /**
     * @param prefix the names of the enclosing templates as tahu-core joins them ({@code a/b/}), or null at
     *               the top level; built only when the birth's datatypes are looked up
     */
    private void checkTemplate(String name, Template t, MetricDataTypeMap types, String prefix)
            throws DecodeException {
        for (int i = 0; i < t.getParametersCount(); i++) {
            Template.Parameter p = t.getParameters(i);
            int type = p.getType();
            if (type < 1 || type > 14) { // Int8..Text, as the parameter types of tahu-core
                throw invalid(name, "template parameter " + i + " has type " + type + ", not a parameter type");
            }
            if (type == MetricDataType.UInt32.toIntValue() && !p.hasIntValue() && !p.hasLongValue()) {
                throw invalid(name, "template parameter " + i + " is a UInt32 with neither int_value nor long_value");
            }
        }
        String inner = types.isEmpty() ? null : (prefix == null ? "" : prefix) + name + "/";
        for (int i = 0; i < t.getMetricsCount(); i++) {
            checkTemplateMetric(t.getMetrics(i), types, inner);
        }
    }

    /** As tahu-core's conversion of a metric within a template: rejects where it threw. */
    private void checkTemplateMetric(SparkplugBProto.Payload.Metric m, MetricDataTypeMap types, String prefix)
            throws DecodeException {
        String name = m.getName();
        MetricDataType type = MetricDataType.fromInteger(m.getDatatype());
        if (type == MetricDataType.Unknown) {
            if (types.isEmpty() || (!m.hasName() && !m.hasAlias())) {
                return; // tahu-core leaves the metric out of the template
            }
            type = m.hasName() ? types.getMetricDataType(prefix + name) : types.getMetricDataType(m.getAlias());
        }
        if (!m.getIsNull()) {
            int valueType = m.getDatatype();
            if (valueType == 0 && (m.hasName() || m.hasAlias())) { // else tahu-core gives a null value
                MetricDataType declared = m.hasName() ? types.getMetricDataType(prefix + name)
                        : types.getMetricDataType(m.getAlias());
                if (declared == null) {
                    throw invalid(name, "template metric " + Values.quote(name) + " has no datatype and its birth"
                            + " declared none");
                }
                valueType = declared.toIntValue();
            }
            if (valueType != 0) {
                checkTemplateValue(m, name, valueType, types, prefix);
            }
        }
        if (m.hasProperties()) {
            checkProperties(m, name);
        }
        if (type == null) {
            throw invalid(name, "template metric " + Values.quote(name) + " has no datatype its birth declared");
        }
    }

    private void checkTemplateValue(SparkplugBProto.Payload.Metric m, String name, int type, MetricDataTypeMap types,
            String prefix) throws DecodeException {
        MetricDataType t = MetricDataType.fromInteger(type);
        if (t == MetricDataType.Unknown) {
            throw invalid(name, "template metric " + Values.quote(name) + " has datatype " + type
                    + ", which Sparkplug B does not define");
        }
        if (t == MetricDataType.UInt32 && !m.hasIntValue() && !m.hasLongValue()) {
            throw invalid(name, "template metric " + Values.quote(name) + " is a UInt32 with neither int_value nor"
                    + " long_value");
        }
        if (t == MetricDataType.DataSet) {
            checkDataSet(name, m.getDatasetValue());
        } else if (t == MetricDataType.Template) {
            checkTemplate(name, m.getTemplateValue(), types, prefix);
        } else if (SparkplugArray.isArray(t)) {
            SparkplugArray.of(name, t, m.getBytesValue()); // its shape; the elements are no readings here
        }
    }

    private static DecodeException invalid(String metric, String why) {
        return new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "metric " + Values.quote(metric)
                + " cannot be decoded: " + why);
    }

    /** tahu-core's property set conversion. */
    private static final class PropertyConverter extends SparkplugBPayloadDecoder {
        void convert(SparkplugBProto.Payload.PropertySet set) throws Exception {
            convertProperties(set);
        }
    }
}
