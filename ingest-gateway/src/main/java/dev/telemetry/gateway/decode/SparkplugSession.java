package dev.telemetry.gateway.decode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.model.MetricDataTypeMap;

/**
 * What the gateway knows of one edge node's Sparkplug session: whether it is born, its bdSeq,
 * the last sequence number, and the metrics (names, aliases, datatypes) its NBIRTH and its
 * devices' DBIRTHs declared. Not thread-safe: {@link SparkplugDecoder} serialises access.
 */
final class SparkplugSession {

    /** The metrics one birth declared: datatypes by name and alias, names by alias. */
    static final class Metrics {
        final MetricDataTypeMap types = new MetricDataTypeMap();
        final Map<Long, String> names = new HashMap<>();

        void learn(String name, Long alias, MetricDataType type) {
            if (name != null && type != null) {
                types.addMetricDataType(name, type);
            }
            if (alias != null) {
                if (type != null) {
                    types.addMetricDataType(alias, type);
                }
                if (name != null) {
                    names.put(alias, name);
                }
            }
        }
    }

    /** Messages whose seq was not the expected one, split by kind. */
    static final class SeqStats {
        long gaps;
        long missing;
        long outOfOrder;
    }

    boolean online;
    Long bdSeq;
    /** The last sequence number in order, or -1 before the first. */
    int lastSeq = -1;
    final SeqStats seq = new SeqStats();
    Metrics node = new Metrics();
    /** Born devices by their name as in the topic. */
    final Map<String, Metrics> devices = new LinkedHashMap<>();

    /** A new session from an NBIRTH: aliases of the previous session and all devices are forgotten. */
    void rebirth(Long bdSeq, Long seq) {
        this.online = true;
        this.bdSeq = bdSeq;
        this.lastSeq = seq == null ? -1 : (int) (seq & 0xFF);
        this.node = new Metrics();
        this.devices.clear();
    }

    /**
     * Accounts one message's sequence number, 0..255 wrapping, shared by the node and its devices.
     * A forward jump counts the skipped numbers as a gap; a number behind the last one (within half
     * the range) counts as out of order and does not move the expectation.
     *
     * @return a note when the number was not the expected one, else null
     */
    String accountSeq(long received) {
        int s = (int) (received & 0xFF);
        if (lastSeq < 0) {
            lastSeq = s;
            return null;
        }
        int expected = (lastSeq + 1) & 0xFF;
        if (s == expected) {
            lastSeq = s;
            return null;
        }
        int ahead = (s - expected) & 0xFF;
        if (ahead < 128) {
            seq.gaps++;
            seq.missing += ahead;
            lastSeq = s;
            return "seq " + s + " after " + ((expected - 1) & 0xFF) + ": " + ahead + " message(s) missing";
        }
        seq.outOfOrder++;
        return "seq " + s + " arrived after " + ((expected - 1) & 0xFF) + " (out of order or repeated)";
    }
}
