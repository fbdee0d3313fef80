package dev.telemetry.gateway.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.decode.SparkplugTopic.Type;
import dev.telemetry.model.LifecycleEvent;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/**
 * Decodes Sparkplug B 3.0 messages ({@code spBv1.0/<group>/<type>/<edge node>[/<device>]}) into
 * readings and lifecycle events, keeping each edge node's session: births define the metrics and
 * their aliases, data is resolved by alias or name, sequence numbers are checked.
 *
 * <ul>
 *   <li><b>Ids:</b> an edge node is {@code <group>/<edge node>}, a device
 *       {@code <group>/<edge node>/<device>}; characters a canonical id cannot hold (spaces...)
 *       become {@code _}: {@code Sparkplug B Devices/Raspberry Pi} is
 *       {@code Sparkplug_B_Devices/Raspberry_Pi}. Metric names keep their {@code /} folders,
 *       other characters outside the alphabet become {@code _}.</li>
 *   <li><b>NBIRTH</b> starts a new session (forgetting the previous aliases and devices): a BIRTH
 *       event, and a reading per metric except {@code bdSeq} and {@code Node Control/*}.
 *       <b>DBIRTH</b> does the same for a device ({@code Device Control/*} left out).</li>
 *   <li><b>NDATA / DDATA</b>: a reading per metric (see {@link SparkplugValues}); a metric without
 *       name is resolved by its alias through the birth; an unknown alias is
 *       {@code SPARKPLUG_UNKNOWN_ALIAS}.</li>
 *   <li><b>NDEATH</b>: DEATH events for the node and each of its born devices, unless its bdSeq
 *       differs from the current session's ({@code SPARKPLUG_STALE_DEATH}, a late will).
 *       <b>DDEATH</b>: a DEATH event for the device.</li>
 *   <li><b>Before birth</b>: data, DBIRTH and DDEATH of an edge node without a session (or DDATA of
 *       a device without DBIRTH) are {@code SPARKPLUG_NOT_BORN}: the specification tells a host to
 *       ignore them and to request a rebirth; the gateway keeps them in the DLQ instead of dropping
 *       them and, with a {@link RebirthRequester}, sends the edge node an NCMD
 *       {@code Node Control/Rebirth} (also for an unknown alias), at most once per edge node per
 *       rebirth interval.</li>
 *   <li><b>seq</b> (0..255, wrapping, one counter per edge node across its devices): gaps and
 *       out-of-order numbers are counted ({@link #seqStats}) and noted; the data is still accepted.
 *       Readings carry no {@code seq}: a wrapping 8-bit counter shared by several devices would
 *       mislead per-device sequence checks downstream.</li>
 *   <li><b>Time:</b> the metric's timestamp, else the payload's, else the receipt time ({@code GATEWAY}).</li>
 *   <li>NCMD, DCMD and STATE are valid but carry no telemetry: acknowledged, nothing published.</li>
 *   <li>Tolerated deviations (an NDEATH with seq, a bdSeq that is not Int64, an NBIRTH / NDEATH
 *       without bdSeq, another message without seq) are returned as notes; in strict mode they are
 *       {@code SPARKPLUG_NONCONFORMANT}, checked before the session changes. Sequence gaps are
 *       notes in both modes: they are losses on the way, not a malformed payload.</li>
 * </ul>
 *
 * <p>Thread-safe (sessions are guarded by this decoder). Sessions live in this gateway's memory:
 * all messages of an edge node must reach the same gateway (no shared subscription across gateways
 * for {@code spBv1.0/#}), and after a restart data is {@code SPARKPLUG_NOT_BORN} until the next birth.
 */
public final class SparkplugDecoder {

    /** The {@code format} of the readings' source and of DLQ records. */
    public static final String FORMAT = "sparkplug-b";
    /** The default bound on edge node sessions kept in memory. */
    public static final int DEFAULT_MAX_EDGE_NODES = 100_000;

    private final String gatewayId;
    private final DecodeLimits limits;
    private final boolean strict;
    private final int maxEdgeNodes;
    private final SparkplugRebirths rebirths;
    private final SparkplugMetrics metrics;
    private final Map<String, SparkplugSession> sessions = new HashMap<>();

    /**
     * @param strict reject (rather than note) payloads that break a rule the decoder can tolerate
     */
    public SparkplugDecoder(String gatewayId, boolean strict) {
        this(gatewayId, strict, DEFAULT_MAX_EDGE_NODES);
    }

    /**
     * @param maxEdgeNodes bound on sessions kept: topics are chosen by publishers, so memory must not
     *                     grow with whatever edge node names they invent. When full, the NBIRTH of a
     *                     new edge node replaces a dead session, or is {@code SPARKPLUG_TOO_MANY_NODES}.
     */
    public SparkplugDecoder(String gatewayId, boolean strict, int maxEdgeNodes) {
        this(gatewayId, strict, maxEdgeNodes, DecodeLimits.DEFAULTS);
    }

    /** @param limits {@code maxReadings} is enforced before array metrics are expanded into readings */
    public SparkplugDecoder(String gatewayId, boolean strict, int maxEdgeNodes, DecodeLimits limits) {
        this(gatewayId, strict, maxEdgeNodes, RebirthRequester.NONE, Duration.ofSeconds(30), limits);
    }

    /**
     * @param rebirth         sends rebirth requests for data before birth and unknown aliases
     * @param rebirthInterval at most one request per edge node within this time (by receipt time)
     */
    public SparkplugDecoder(String gatewayId, boolean strict, int maxEdgeNodes, RebirthRequester rebirth,
            Duration rebirthInterval) {
        this(gatewayId, strict, maxEdgeNodes, rebirth, rebirthInterval, DecodeLimits.DEFAULTS);
    }

    /** As above, with the limits whose {@code maxReadings} is enforced before array metrics are expanded. */
    public SparkplugDecoder(String gatewayId, boolean strict, int maxEdgeNodes, RebirthRequester rebirth,
            Duration rebirthInterval, DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.strict = strict;
        if (maxEdgeNodes < 1) {
            throw new IllegalArgumentException("maxEdgeNodes must be positive, got " + maxEdgeNodes);
        }
        this.maxEdgeNodes = maxEdgeNodes;
        this.rebirths = new SparkplugRebirths(rebirth, rebirthInterval, maxEdgeNodes);
        this.metrics = new SparkplugMetrics(limits);
    }

    /** True for topics of the Sparkplug B namespace ({@code spBv1.0/...}). */
    public static boolean handles(String mqttTopic) {
        return SparkplugTopic.isSparkplug(mqttTopic);
    }

    /** Decodes one message, updating the edge node's session. Never throws for bad input. */
    public DecodeResult decode(String mqttTopic, byte[] payload, long receivedAt) {
        SparkplugTopic topic;
        try {
            topic = SparkplugTopic.parse(mqttTopic);
        } catch (DecodeException e) {
            return new DecodeResult.Failure(FORMAT, e);
        }
        if (topic.type() == Type.NCMD || topic.type() == Type.DCMD || topic.type() == Type.STATE) {
            return new DecodeResult.Success(FORMAT, List.of(), List.of(),
                    List.of(topic.type() + " is not telemetry; nothing to publish"));
        }
        Message m = new Message(topic, mqttTopic, receivedAt);
        try {
            SparkplugBProto.Payload raw = parse(payload);
            List<String> deviations = SparkplugConformance.deviations(topic.type(), raw);
            if (strict && !deviations.isEmpty()) {
                // before any change to the session: a rejected birth does not start one
                throw new DecodeException(Code.SPARKPLUG_NONCONFORMANT, String.join("; ", deviations));
            }
            m.notes.addAll(deviations);
            synchronized (this) {
                handle(m, raw);
            }
            return new DecodeResult.Success(FORMAT, m.readings, m.events, m.notes);
        } catch (DecodeException e) {
            DecodeException reported = e;
            if ((e.code() == Code.SPARKPLUG_NOT_BORN || e.code() == Code.SPARKPLUG_UNKNOWN_ALIAS)
                    && rebirths.request(topic, receivedAt)) {
                reported = new DecodeException(e.code(), e.getMessage() + "; a rebirth was requested", e.getCause());
            }
            String sender = topic.senderId();
            return new DecodeResult.Failure(FORMAT, Reading.isValidName(sender) ? reported.withDeviceId(sender)
                    : reported);
        }
    }

    /** Sequence number statistics of an edge node, or null when the gateway has not seen it. */
    public synchronized SeqStats seqStats(String group, String edgeNode) {
        SparkplugSession s = sessions.get(group + "/" + edgeNode);
        return s == null ? null : new SeqStats(s.seq.gaps, s.seq.missing, s.seq.outOfOrder);
    }

    /**
     * @param gaps       messages that came after one or more missing sequence numbers
     * @param missing    sequence numbers skipped in total
     * @param outOfOrder messages whose number was behind the last one
     */
    public record SeqStats(long gaps, long missing, long outOfOrder) {
    }

    /** The state of decoding one message. */
    private final class Message {
        final SparkplugTopic topic;
        final Source source;
        final long receivedAt;
        final List<Reading> readings = new ArrayList<>();
        final List<LifecycleEvent> events = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Message(SparkplugTopic topic, String mqttTopic, long receivedAt) {
            this.topic = topic;
            this.source = new Source(mqttTopic, FORMAT, gatewayId);
            this.receivedAt = receivedAt;
        }

        void event(String deviceId, LifecycleEvent.Type type, SparkplugBProto.Payload raw, Long session,
                String reason) {
            boolean timed = raw.hasTimestamp();
            events.add(new LifecycleEvent(deviceId, type, timed ? raw.getTimestamp() : receivedAt,
                    timed ? TimeSource.DEVICE : TimeSource.GATEWAY, receivedAt, session, reason, source));
        }
    }

    private void handle(Message m, SparkplugBProto.Payload raw) throws DecodeException {
        SparkplugTopic t = m.topic;
        SparkplugSession session = sessions.get(t.nodeKey());
        switch (t.type()) {
            case NBIRTH -> {
                Long bdSeq = SparkplugConformance.bdSeq(raw);
                SparkplugSession s = session != null ? session : newSession(t);
                s.rebirth(bdSeq, raw.hasSeq() ? raw.getSeq() : null);
                List<SparkplugMetrics.Decoded> birth = metrics.decode(raw, new MetricDataTypeMap(), null);
                learn(s.node, birth);
                m.event(t.nodeId(), LifecycleEvent.Type.BIRTH, raw, bdSeq, "NBIRTH");
                readings(m, t.nodeId(), raw, birth, "Node Control/");
            }
            case NDEATH -> {
                Long bdSeq = SparkplugConformance.bdSeq(raw);
                if (session != null && session.bdSeq != null && bdSeq != null && !bdSeq.equals(session.bdSeq)) {
                    throw new DecodeException(Code.SPARKPLUG_STALE_DEATH, "NDEATH with bdSeq " + bdSeq
                            + " does not end the current session (bdSeq " + session.bdSeq + "): a late will");
                }
                m.event(t.nodeId(), LifecycleEvent.Type.DEATH, raw, bdSeq, "NDEATH");
                if (session != null) {
                    for (String device : session.devices.keySet()) {
                        m.event(t.nodeId() + "/" + SparkplugTopic.name(device), LifecycleEvent.Type.DEATH, raw,
                                bdSeq, "NDEATH of the edge node");
                    }
                    session.online = false;
                    session.devices.clear();
                }
            }
            case DBIRTH -> {
                SparkplugSession s = born(session, t);
                seq(m, s, raw);
                List<SparkplugMetrics.Decoded> birth = metrics.decode(raw, new MetricDataTypeMap(), null);
                SparkplugSession.Metrics device = new SparkplugSession.Metrics();
                learn(device, birth);
                s.devices.put(t.device(), device);
                m.event(t.deviceId(), LifecycleEvent.Type.BIRTH, raw, s.bdSeq, "DBIRTH");
                readings(m, t.deviceId(), raw, birth, "Device Control/");
            }
            case DDEATH -> {
                SparkplugSession s = born(session, t);
                seq(m, s, raw);
                if (s.devices.remove(t.device()) == null) {
                    m.notes.add("DDEATH of a device without DBIRTH in this session");
                }
                m.event(t.deviceId(), LifecycleEvent.Type.DEATH, raw, s.bdSeq, "DDEATH");
            }
            case NDATA -> {
                SparkplugSession s = born(session, t);
                seq(m, s, raw);
                readings(m, t.nodeId(), raw, metrics.decode(raw, s.node.types, s.node), null);
            }
            case DDATA -> {
                SparkplugSession s = born(session, t);
                SparkplugSession.Metrics device = s.devices.get(t.device());
                if (device == null) {
                    throw new DecodeException(Code.SPARKPLUG_NOT_BORN, "DDATA from device " + Values.quote(t.device())
                            + " which has sent no DBIRTH in the current session of " + Values.quote(t.nodeKey()));
                }
                seq(m, s, raw);
                readings(m, t.deviceId(), raw, metrics.decode(raw, device.types, device), null);
            }
            default -> throw new IllegalStateException("unexpected message type " + t.type());
        }
    }

    private SparkplugSession newSession(SparkplugTopic t) throws DecodeException {
        if (sessions.size() >= maxEdgeNodes) {
            String dead = sessions.entrySet().stream().filter(e -> !e.getValue().online).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (dead == null) {
                throw new DecodeException(Code.SPARKPLUG_TOO_MANY_NODES, "NBIRTH of edge node "
                        + Values.quote(t.nodeKey()) + " while " + maxEdgeNodes + " live edge node sessions are"
                        + " kept (sparkplug.max-edge-nodes)");
            }
            sessions.remove(dead);
        }
        SparkplugSession s = new SparkplugSession();
        sessions.put(t.nodeKey(), s);
        return s;
    }

    private static SparkplugSession born(SparkplugSession session, SparkplugTopic t) throws DecodeException {
        if (session == null || !session.online) {
            throw new DecodeException(Code.SPARKPLUG_NOT_BORN, t.type() + " from edge node " + Values.quote(t.nodeKey())
                    + " before its NBIRTH" + (session == null ? "" : " (its last session ended)")
                    + "; it needs a rebirth");
        }
        return session;
    }

    private static void seq(Message m, SparkplugSession s, SparkplugBProto.Payload raw) {
        if (!raw.hasSeq()) {
            return; // a deviation, noted already
        }
        String note = s.accountSeq(raw.getSeq());
        if (note != null) {
            m.notes.add(note);
        }
    }

    private static void learn(SparkplugSession.Metrics session, List<SparkplugMetrics.Decoded> birth) {
        for (SparkplugMetrics.Decoded metric : birth) {
            session.learn(metric.name(), metric.alias(), metric.type());
        }
    }

    private void readings(Message m, String deviceId, SparkplugBProto.Payload raw,
            List<SparkplugMetrics.Decoded> metrics, String controlFolder) throws DecodeException {
        for (SparkplugMetrics.Decoded metric : metrics) {
            String name = metric.name();
            if (controlFolder != null && (SparkplugValues.isBdSeq(name) || SparkplugValues.isInFolder(name,
                    controlFolder))) {
                continue;
            }
            String canonical = SparkplugValues.metricName(name);
            if (!Reading.isValidName(canonical)) {
                throw new DecodeException(Code.INVALID_METRIC, "metric name " + Values.quote(name)
                        + " cannot be a canonical metric name (1..200 characters)");
            }
            boolean timed = metric.timestamp() != null || raw.hasTimestamp();
            long eventTime = metric.timestamp() != null ? metric.timestamp()
                    : raw.hasTimestamp() ? raw.getTimestamp() : m.receivedAt;
            Object value = metric.value();
            // an array becomes one reading per element: bound them before expanding (a 256 KiB payload
            // could otherwise turn into 256 Ki readings)
            limits.checkReadingCount(m.readings.size() + (value instanceof SparkplugArray a ? a.size() : 1));
            for (Map.Entry<String, ReadingValue> v : SparkplugValues.values(canonical, metric.type(), value)) {
                if (!Reading.isValidName(v.getKey())) {
                    throw new DecodeException(Code.INVALID_METRIC, "metric name " + Values.quote(v.getKey())
                            + " is longer than 200 characters");
                }
                m.readings.add(new Reading(deviceId, v.getKey(), v.getValue(), null, eventTime,
                        timed ? TimeSource.DEVICE : TimeSource.GATEWAY, null, m.receivedAt, m.source));
            }
        }
    }

    private static SparkplugBProto.Payload parse(byte[] payload) throws DecodeException {
        try {
            return SparkplugBProto.Payload.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException(Code.INVALID_SPARKPLUG_PAYLOAD, "payload is not a Sparkplug B protobuf: "
                    + e.getMessage(), e);
        }
    }
}
