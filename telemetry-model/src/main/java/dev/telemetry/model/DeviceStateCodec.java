package dev.telemetry.model;

import static dev.telemetry.model.StreamingFields.nullableLong;
import static dev.telemetry.model.StreamingFields.nullableString;
import static dev.telemetry.model.StreamingFields.primitiveLong;
import static dev.telemetry.model.StreamingFields.require;
import static dev.telemetry.model.StreamingFields.seen;
import static dev.telemetry.model.StreamingFields.string;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.telemetry.model.StreamingCodec.NotOnFastPath;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The streaming codec of {@link DeviceState}: the processor writes one per device-state output record and
 * reads and writes one per state-store access. Fields in record component order (databind's order for
 * records); {@code maxSeq} and a metric's {@code unit} and {@code seq} omitted when null; a null metric
 * omitted from {@code metrics}, as databind's {@code NON_NULL} inclusion omits null map values.
 */
final class DeviceStateCodec extends StreamingCodec<DeviceState> {

    static final DeviceStateCodec INSTANCE = new DeviceStateCodec();

    private static final SerializedString DEVICE_ID = new SerializedString("deviceId");
    private static final SerializedString METRICS = new SerializedString("metrics");
    private static final SerializedString LAST_SEEN = new SerializedString("lastSeen");
    private static final SerializedString LAST_RECEIVED = new SerializedString("lastReceived");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString COUNTERS = new SerializedString("counters");
    private static final SerializedString MAX_SEQ = new SerializedString("maxSeq");

    private DeviceStateCodec() {
        super(DeviceState.class);
    }

    @Override
    void writeValue(JsonGenerator gen, DeviceState s) throws IOException {
        gen.writeStartObject(s);
        gen.writeFieldName(DEVICE_ID);
        gen.writeString(s.deviceId());
        gen.writeFieldName(METRICS);
        gen.writeStartObject(s.metrics());
        for (Map.Entry<String, MetricState> e : s.metrics().entrySet()) {
            if (e.getValue() != null) {
                gen.writeFieldName(e.getKey());
                writeMetric(gen, e.getValue());
            }
        }
        gen.writeEndObject();
        gen.writeFieldName(LAST_SEEN);
        gen.writeNumber(s.lastSeen());
        gen.writeFieldName(LAST_RECEIVED);
        gen.writeNumber(s.lastReceived());
        gen.writeFieldName(STATUS);
        gen.writeString(s.status().name());
        gen.writeFieldName(COUNTERS);
        DeviceCountersCodec.write(gen, s.counters());
        if (s.maxSeq() != null) {
            gen.writeFieldName(MAX_SEQ);
            gen.writeNumber(s.maxSeq().longValue());
        }
        gen.writeEndObject();
    }

    private static void writeMetric(JsonGenerator gen, MetricState m) throws IOException {
        gen.writeStartObject(m);
        StreamingFields.writeMeasurement(gen, m.value(), m.unit(), m.eventTime(), m.timeSource(), m.seq(),
                m.receivedAt());
        gen.writeEndObject();
    }

    @Override
    DeviceState readObject(JsonParser p) throws IOException {
        String deviceId = null;
        Map<String, MetricState> metrics = null;
        long lastSeen = 0;
        long lastReceived = 0;
        DeviceStatus status = null;
        DeviceCounters counters = null;
        Long maxSeq = null;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "deviceId" -> {
                    seen = seen(seen, 1);
                    deviceId = string(p, t);
                }
                case "metrics" -> {
                    seen = seen(seen, 1 << 1);
                    metrics = t == JsonToken.VALUE_NULL ? null : readMetrics(p, t);
                }
                case "lastSeen" -> {
                    seen = seen(seen, 1 << 2);
                    lastSeen = primitiveLong(p, t);
                }
                case "lastReceived" -> {
                    seen = seen(seen, 1 << 3);
                    lastReceived = primitiveLong(p, t);
                }
                case "status" -> {
                    seen = seen(seen, 1 << 4);
                    status = StreamingFields.status(p, t);
                }
                case "counters" -> {
                    seen = seen(seen, 1 << 5);
                    counters = t == JsonToken.VALUE_NULL ? null : DeviceCountersCodec.read(p, t);
                }
                case "maxSeq" -> {
                    seen = seen(seen, 1 << 6);
                    maxSeq = nullableLong(p, t);
                }
                default -> p.skipChildren(); // unknown fields are ignored (FAIL_ON_UNKNOWN_PROPERTIES is off)
            }
        }
        require(seen, 1 << 2 | 1 << 3);
        // null metrics and counters become empty and ZERO in the constructor, as with databind
        return new DeviceState(deviceId, metrics, lastSeen, lastReceived, status, counters, maxSeq);
    }

    private static Map<String, MetricState> readMetrics(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw NotOnFastPath.INSTANCE;
        }
        // a repeated metric name keeps the last value, as databind's map does; DeviceState sorts anyway
        Map<String, MetricState> metrics = new TreeMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            // a null metric (kept by databind, never written by it) leaves the fast path
            metrics.put(name, readMetric(p, p.nextToken()));
        }
        return metrics;
    }

    private static MetricState readMetric(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw NotOnFastPath.INSTANCE;
        }
        ReadingValue value = null;
        String unit = null;
        long eventTime = 0;
        TimeSource timeSource = null;
        Long seq = null;
        long receivedAt = 0;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "value" -> {
                    seen = seen(seen, 1);
                    value = StreamingFields.value(p, v);
                }
                case "unit" -> {
                    seen = seen(seen, 1 << 1);
                    unit = nullableString(p, v);
                }
                case "eventTime" -> {
                    seen = seen(seen, 1 << 2);
                    eventTime = primitiveLong(p, v);
                }
                case "timeSource" -> {
                    seen = seen(seen, 1 << 3);
                    timeSource = StreamingFields.timeSource(p, v);
                }
                case "seq" -> {
                    seen = seen(seen, 1 << 4);
                    seq = nullableLong(p, v);
                }
                case "receivedAt" -> {
                    seen = seen(seen, 1 << 5);
                    receivedAt = primitiveLong(p, v);
                }
                default -> p.skipChildren();
            }
        }
        require(seen, 1 << 2 | 1 << 5);
        return new MetricState(value, unit, eventTime, timeSource, seq, receivedAt);
    }
}
