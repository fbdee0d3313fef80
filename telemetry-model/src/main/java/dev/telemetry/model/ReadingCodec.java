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

/**
 * The streaming codec of {@link Reading}: the gateway writes one per reading, and the processor reads one per
 * input record and writes one per ordered output record. Fields in record component order, which is databind's
 * order for records; {@code unit} and {@code seq} omitted when null ({@code NON_NULL}); the value as the bare
 * JSON value of {@link ReadingValue.Serializer}.
 */
final class ReadingCodec extends StreamingCodec<Reading> {

    static final ReadingCodec INSTANCE = new ReadingCodec();

    private static final SerializedString DEVICE_ID = new SerializedString("deviceId");
    private static final SerializedString METRIC = new SerializedString("metric");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString MQTT_TOPIC = new SerializedString("mqttTopic");
    private static final SerializedString FORMAT = new SerializedString("format");
    private static final SerializedString GATEWAY_ID = new SerializedString("gatewayId");

    // one bit per field, to notice duplicates and absent primitives
    private static final int B_DEVICE_ID = 1;
    private static final int B_METRIC = 1 << 1;
    private static final int B_VALUE = 1 << 2;
    private static final int B_UNIT = 1 << 3;
    private static final int B_EVENT_TIME = 1 << 4;
    private static final int B_TIME_SOURCE = 1 << 5;
    private static final int B_SEQ = 1 << 6;
    private static final int B_RECEIVED_AT = 1 << 7;
    private static final int B_SOURCE = 1 << 8;

    private ReadingCodec() {
        super(Reading.class);
    }

    @Override
    void writeValue(JsonGenerator gen, Reading r) throws IOException {
        gen.writeStartObject(r);
        gen.writeFieldName(DEVICE_ID);
        gen.writeString(r.deviceId());
        gen.writeFieldName(METRIC);
        gen.writeString(r.metric());
        StreamingFields.writeMeasurement(gen, r.value(), r.unit(), r.eventTime(), r.timeSource(), r.seq(),
                r.receivedAt());
        gen.writeFieldName(SOURCE);
        writeSource(gen, r.source());
        gen.writeEndObject();
    }

    private static void writeSource(JsonGenerator gen, Source s) throws IOException {
        gen.writeStartObject(s);
        gen.writeFieldName(MQTT_TOPIC);
        gen.writeString(s.mqttTopic());
        gen.writeFieldName(FORMAT);
        gen.writeString(s.format());
        gen.writeFieldName(GATEWAY_ID);
        gen.writeString(s.gatewayId());
        gen.writeEndObject();
    }

    @Override
    Reading readObject(JsonParser p) throws IOException {
        String deviceId = null;
        String metric = null;
        ReadingValue value = null;
        String unit = null;
        long eventTime = 0;
        TimeSource timeSource = null;
        Long seq = null;
        long receivedAt = 0;
        Source source = null;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "deviceId" -> {
                    seen = seen(seen, B_DEVICE_ID);
                    deviceId = string(p, t);
                }
                case "metric" -> {
                    seen = seen(seen, B_METRIC);
                    metric = string(p, t);
                }
                case "value" -> {
                    seen = seen(seen, B_VALUE);
                    value = StreamingFields.value(p, t);
                }
                case "unit" -> {
                    seen = seen(seen, B_UNIT);
                    unit = nullableString(p, t);
                }
                case "eventTime" -> {
                    seen = seen(seen, B_EVENT_TIME);
                    eventTime = primitiveLong(p, t);
                }
                case "timeSource" -> {
                    seen = seen(seen, B_TIME_SOURCE);
                    timeSource = StreamingFields.timeSource(p, t);
                }
                case "seq" -> {
                    seen = seen(seen, B_SEQ);
                    seq = nullableLong(p, t);
                }
                case "receivedAt" -> {
                    seen = seen(seen, B_RECEIVED_AT);
                    receivedAt = primitiveLong(p, t);
                }
                case "source" -> {
                    seen = seen(seen, B_SOURCE);
                    source = readSource(p, t);
                }
                default -> p.skipChildren(); // unknown fields are ignored (FAIL_ON_UNKNOWN_PROPERTIES is off)
            }
        }
        require(seen, B_EVENT_TIME | B_RECEIVED_AT);
        // an absent or null object field reaches the constructor as null, as with databind
        return new Reading(deviceId, metric, value, unit, eventTime, timeSource, seq, receivedAt, source);
    }

    private static Source readSource(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw NotOnFastPath.INSTANCE; // null, which Reading rejects, or a shape databind may coerce
        }
        String mqttTopic = null;
        String format = null;
        String gatewayId = null;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "mqttTopic" -> {
                    seen = seen(seen, 1);
                    mqttTopic = string(p, v);
                }
                case "format" -> {
                    seen = seen(seen, 2);
                    format = string(p, v);
                }
                case "gatewayId" -> {
                    seen = seen(seen, 4);
                    gatewayId = string(p, v);
                }
                default -> p.skipChildren();
            }
        }
        return new Source(mqttTopic, format, gatewayId);
    }
}
