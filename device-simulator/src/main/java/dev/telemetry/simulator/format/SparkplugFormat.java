package dev.telemetry.simulator.format;

import dev.telemetry.simulator.device.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.Metric;

/**
 * Sparkplug B 3.0: every simulated device is an <b>edge node</b> of group {@code <prefix>}
 * ({@code --topic-prefix}, one topic level) with its metrics as node metrics; no Sparkplug devices
 * (DBIRTH / DDATA) are used. The first tick is an NBIRTH on {@code spBv1.0/<prefix>/NBIRTH/<deviceId>}
 * with {@code bdSeq} (Int64, 0: one session per run), {@code Node Control/Rebirth} and every metric
 * by name with its alias (1-based position in the metric set), datatype Double and value; the
 * following ticks are NDATA on {@code spBv1.0/<prefix>/NDATA/<deviceId>} with the metrics by alias
 * only. {@code seq} is 0 for the NBIRTH and then counts 1, 2, .., 255, 0, .. per edge node. Payload
 * and metric timestamps are the tick's time. The gateway names the device {@code <prefix>/<deviceId>}
 * and carries no unit.
 *
 * <p>Not implemented: NDEATH (no MQTT will is registered, a run simply ends) and answering NCMD
 * rebirth requests, so a gateway restarted during a run dead-letters this device's NDATA as
 * {@code SPARKPLUG_NOT_BORN} until the simulator is restarted.
 */
public final class SparkplugFormat implements PayloadFormat {

    public static final String NAMESPACE = "spBv1.0";

    @Override
    public String name() {
        return "sparkplug-b";
    }

    /** None: Sparkplug B defines no MQTT content type, and the gateway knows the format from the topic. */
    @Override
    public String contentType() {
        return null;
    }

    @Override
    public boolean isJson() {
        return false;
    }

    @Override
    public DeviceEncoder encoder(String topicPrefix, int deviceIndex, String deviceId) {
        return new EdgeNode(topicPrefix, deviceId);
    }

    /**
     * The first half of the payload followed by a length-delimited field whose length runs past the
     * end: a truncated message for any protobuf parser, even when the half ends on a field boundary.
     */
    @Override
    public byte[] malform(byte[] payload) {
        byte[] out = Arrays.copyOf(payload, payload.length / 2 + 2);
        out[out.length - 2] = (byte) ((2 << 3) | 2); // field 2 (metrics), wire type length-delimited
        out[out.length - 1] = (byte) 0x7F;            // 127 bytes follow: they do not
        return out;
    }

    private final class EdgeNode implements DeviceEncoder {
        private final String group;
        private final String node;
        private final String gatewayDeviceId;
        private boolean born;
        private int seq;

        EdgeNode(String group, String node) {
            this.group = group;
            this.node = node;
            this.gatewayDeviceId = group + "/" + node;
        }

        @Override
        public PayloadFormat format() {
            return SparkplugFormat.this;
        }

        @Override
        public List<Encoded> encode(Sample sample) {
            Payload.Builder payload = Payload.newBuilder().setTimestamp(sample.timestamp()).setSeq(seq);
            seq = (seq + 1) & 0xFF;
            if (!born) {
                payload.addMetrics(Metric.newBuilder().setName("bdSeq").setTimestamp(sample.timestamp())
                        .setDatatype(DataType.Int64_VALUE).setLongValue(0));
                payload.addMetrics(Metric.newBuilder().setName("Node Control/Rebirth")
                        .setTimestamp(sample.timestamp()).setDatatype(DataType.Boolean_VALUE).setBooleanValue(false));
            }
            List<ExpectedReading> readings = new ArrayList<>(sample.values().size());
            int alias = 1;
            for (Sample.Measurement m : sample.values()) {
                Metric.Builder metric = Metric.newBuilder().setAlias(alias++).setTimestamp(sample.timestamp())
                        .setDoubleValue(m.value());
                if (!born) {
                    metric.setName(m.metric()).setDatatype(DataType.Double_VALUE);
                }
                payload.addMetrics(metric);
                readings.add(new ExpectedReading(gatewayDeviceId, m.metric(), m.value(), null, sample.timestamp()));
            }
            String type = born ? "NDATA" : "NBIRTH";
            Encoded message = new Encoded(NAMESPACE + "/" + group + "/" + type + "/" + node,
                    payload.build().toByteArray(), contentType(), false, readings, !born);
            born = true;
            return List.of(message);
        }
    }
}
