package dev.telemetry.gateway.decode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/**
 * Rebirth requests (Sparkplug 3.0: a host that gets data it cannot interpret asks the edge node
 * for a new birth): an NCMD on {@code spBv1.0/<group>/NCMD/<edge node>} with the metric
 * {@code Node Control/Rebirth = true}, at most one per edge node per interval, measured by the
 * receipt times of the messages that triggered them. Thread-safe.
 */
final class SparkplugRebirths {

    static final String REBIRTH_METRIC = "Node Control/Rebirth";

    private final RebirthRequester requester;
    private final long intervalMillis;
    /** When a rebirth was last requested, by edge node; bounded like the sessions. */
    private final Map<String, Long> requested;

    SparkplugRebirths(RebirthRequester requester, Duration interval, int maxEdgeNodes) {
        this.requester = Objects.requireNonNull(requester, "requester");
        this.intervalMillis = interval.toMillis();
        this.requested = new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxEdgeNodes;
            }
        };
    }

    /**
     * Requests a rebirth of the message's edge node unless one was requested within the interval.
     *
     * @return true when a request was sent
     */
    boolean request(SparkplugTopic t, long now) {
        if (requester == RebirthRequester.NONE) {
            return false;
        }
        synchronized (this) {
            Long last = requested.get(t.nodeKey());
            if (last != null && now - last < intervalMillis) {
                return false;
            }
            requested.put(t.nodeKey(), now);
        }
        requester.send(topic(t), command(now));
        return true;
    }

    static String topic(SparkplugTopic t) {
        return SparkplugTopic.NAMESPACE + "/" + t.group() + "/NCMD/" + t.edgeNode();
    }

    static byte[] command(long now) {
        return SparkplugBProto.Payload.newBuilder().setTimestamp(now)
                .addMetrics(SparkplugBProto.Payload.Metric.newBuilder().setName(REBIRTH_METRIC).setTimestamp(now)
                        .setDatatype(SparkplugBProto.DataType.Boolean_VALUE).setBooleanValue(true))
                .build().toByteArray();
    }
}
