package dev.telemetry.model;

import static dev.telemetry.model.StreamingFields.primitiveLong;
import static dev.telemetry.model.StreamingFields.require;
import static dev.telemetry.model.StreamingFields.seen;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.telemetry.model.StreamingCodec.NotOnFastPath;
import java.io.IOException;

/**
 * {@link DeviceCounters} inside {@link DeviceStateCodec}: six longs in component order. {@code tooLateForWindow}
 * is read as 0 when absent or null ({@code @JsonSetter(nulls = AS_EMPTY)}, for states written before it
 * existed); every other counter is required, as databind rejects an absent long under
 * {@code FAIL_ON_NULL_FOR_PRIMITIVES}.
 */
final class DeviceCountersCodec {

    private static final SerializedString ACCEPTED = new SerializedString("accepted");
    private static final SerializedString LATE = new SerializedString("late");
    private static final SerializedString DUPLICATES = new SerializedString("duplicates");
    private static final SerializedString OUT_OF_ORDER = new SerializedString("outOfOrder");
    private static final SerializedString SEQUENCE_GAPS = new SerializedString("sequenceGaps");
    private static final SerializedString TOO_LATE_FOR_WINDOW = new SerializedString("tooLateForWindow");

    private static final int REQUIRED = (1 << 5) - 1;

    private DeviceCountersCodec() {
    }

    static void write(JsonGenerator gen, DeviceCounters c) throws IOException {
        gen.writeStartObject(c);
        gen.writeFieldName(ACCEPTED);
        gen.writeNumber(c.accepted());
        gen.writeFieldName(LATE);
        gen.writeNumber(c.late());
        gen.writeFieldName(DUPLICATES);
        gen.writeNumber(c.duplicates());
        gen.writeFieldName(OUT_OF_ORDER);
        gen.writeNumber(c.outOfOrder());
        gen.writeFieldName(SEQUENCE_GAPS);
        gen.writeNumber(c.sequenceGaps());
        gen.writeFieldName(TOO_LATE_FOR_WINDOW);
        gen.writeNumber(c.tooLateForWindow());
        gen.writeEndObject();
    }

    static DeviceCounters read(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw NotOnFastPath.INSTANCE;
        }
        long accepted = 0;
        long late = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long sequenceGaps = 0;
        long tooLateForWindow = 0;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "accepted" -> {
                    seen = seen(seen, 1);
                    accepted = primitiveLong(p, v);
                }
                case "late" -> {
                    seen = seen(seen, 1 << 1);
                    late = primitiveLong(p, v);
                }
                case "duplicates" -> {
                    seen = seen(seen, 1 << 2);
                    duplicates = primitiveLong(p, v);
                }
                case "outOfOrder" -> {
                    seen = seen(seen, 1 << 3);
                    outOfOrder = primitiveLong(p, v);
                }
                case "sequenceGaps" -> {
                    seen = seen(seen, 1 << 4);
                    sequenceGaps = primitiveLong(p, v);
                }
                case "tooLateForWindow" -> {
                    seen = seen(seen, 1 << 5);
                    tooLateForWindow = v == JsonToken.VALUE_NULL ? 0 : primitiveLong(p, v);
                }
                default -> p.skipChildren();
            }
        }
        require(seen, REQUIRED);
        return new DeviceCounters(accepted, late, duplicates, outOfOrder, sequenceGaps, tooLateForWindow);
    }
}
