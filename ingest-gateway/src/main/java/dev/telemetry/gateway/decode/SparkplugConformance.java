package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.SparkplugTopic.Type;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/** Sparkplug 3.0 payload rules that the decoder checks but can work without. */
final class SparkplugConformance {

    private SparkplugConformance() {
    }

    /** The bdSeq metric's value, or null when the payload has none. */
    static Long bdSeq(SparkplugBProto.Payload raw) {
        SparkplugBProto.Payload.Metric bdSeq = bdSeqMetric(raw);
        return bdSeq == null ? null : bdSeq.getLongValue();
    }

    /** The first metric named {@code bdSeq}, or null. */
    private static SparkplugBProto.Payload.Metric bdSeqMetric(SparkplugBProto.Payload raw) {
        for (int i = 0; i < raw.getMetricsCount(); i++) {
            SparkplugBProto.Payload.Metric metric = raw.getMetrics(i);
            if (SparkplugValues.isBdSeq(metric.getName())) {
                return metric;
            }
        }
        return null;
    }

    /** Rules of Sparkplug 3.0 the payload breaks in ways the decoder can still work with. */
    static List<String> deviations(Type type, SparkplugBProto.Payload raw) {
        List<String> out = new ArrayList<>(1);
        if (type == Type.NBIRTH || type == Type.NDEATH) {
            SparkplugBProto.Payload.Metric bdSeq = bdSeqMetric(raw);
            if (bdSeq == null) {
                out.add(type + " without bdSeq");
            } else if (bdSeq.getDatatype() != SparkplugBProto.DataType.Int64_VALUE) {
                out.add("bdSeq has datatype " + bdSeq.getDatatype() + ", Sparkplug 3.0 says Int64 (4)");
            }
        }
        if (type == Type.NDEATH && raw.hasSeq()) {
            out.add("NDEATH carries seq " + raw.getSeq() + " (Sparkplug 3.0: it must not)");
        } else if (type != Type.NDEATH && !raw.hasSeq()) {
            out.add(type + " without seq");
        }
        return out;
    }
}
