package dev.telemetry.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.telemetry.model.StreamingCodec.NotOnFastPath;
import java.io.IOException;

/**
 * Field readers and writers shared by the streaming codecs. A reader takes the field's current token and
 * accepts only the shape databind reads without coercion or special null handling, where its result is
 * certain: a JSON string for a String, an integer within long range for a long, an exact constant name for an
 * enum, and null for the fields that may be null. Anything else throws {@link NotOnFastPath}, so that databind
 * decides (it coerces {@code 5} into the String {@code "5"} and {@code "5"} or {@code 5.7} into a long, and
 * rejects a null long under {@code FAIL_ON_NULL_FOR_PRIMITIVES}).
 */
final class StreamingFields {

    private StreamingFields() {
    }

    static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        throw NotOnFastPath.INSTANCE;
    }

    static String nullableString(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? null : string(p, t);
    }

    static long primitiveLong(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        }
        throw NotOnFastPath.INSTANCE;
    }

    static Long nullableLong(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? null : primitiveLong(p, t);
    }

    static TimeSource timeSource(JsonParser p, JsonToken t) throws IOException {
        // valueOf throws for anything but an exact constant name, as databind's lookup matches exactly first
        return TimeSource.valueOf(string(p, t));
    }

    static DeviceStatus status(JsonParser p, JsonToken t) throws IOException {
        return DeviceStatus.valueOf(string(p, t));
    }

    /** As {@link ReadingValue.Deserializer}, except that its failures go to databind. */
    static ReadingValue value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new ReadingValue.Num(p.getDoubleValue());
            case VALUE_TRUE -> new ReadingValue.Bool(true);
            case VALUE_FALSE -> new ReadingValue.Bool(false);
            case VALUE_STRING -> new ReadingValue.Text(p.getText());
            default -> throw NotOnFastPath.INSTANCE;
        };
    }

    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString UNIT = new SerializedString("unit");
    private static final SerializedString EVENT_TIME = new SerializedString("eventTime");
    private static final SerializedString TIME_SOURCE = new SerializedString("timeSource");
    private static final SerializedString SEQ = new SerializedString("seq");
    private static final SerializedString RECEIVED_AT = new SerializedString("receivedAt");

    /**
     * The fields a {@link Reading} and a {@link MetricState} share, in the order databind writes both: value,
     * unit (when present), eventTime, timeSource, seq (when present), receivedAt.
     */
    static void writeMeasurement(JsonGenerator gen, ReadingValue value, String unit, long eventTime,
            TimeSource timeSource, Long seq, long receivedAt) throws IOException {
        gen.writeFieldName(VALUE);
        writeValue(gen, value);
        if (unit != null) {
            gen.writeFieldName(UNIT);
            gen.writeString(unit);
        }
        gen.writeFieldName(EVENT_TIME);
        gen.writeNumber(eventTime);
        gen.writeFieldName(TIME_SOURCE);
        gen.writeString(timeSource.name());
        if (seq != null) {
            gen.writeFieldName(SEQ);
            gen.writeNumber(seq.longValue());
        }
        gen.writeFieldName(RECEIVED_AT);
        gen.writeNumber(receivedAt);
    }

    /** As {@link ReadingValue.Serializer}. */
    static void writeValue(JsonGenerator gen, ReadingValue v) throws IOException {
        if (v instanceof ReadingValue.Num n) {
            gen.writeNumber(n.value());
        } else if (v instanceof ReadingValue.Bool b) {
            gen.writeBoolean(b.value());
        } else {
            gen.writeString(((ReadingValue.Text) v).value());
        }
    }

    /**
     * Marks field {@code bit} as seen. A field seen twice leaves the fast path: databind keeps the last
     * value while some constructor parameter is still missing, but fails once all have been seen
     * ("No fallback setter/field defined for creator property").
     */
    static int seen(int seen, int bit) {
        if ((seen & bit) != 0) {
            throw NotOnFastPath.INSTANCE;
        }
        return seen | bit;
    }

    /** Requires a primitive field to have been present: databind rejects an absent one as null. */
    static void require(int seen, int bits) {
        if ((seen & bits) != bits) {
            throw NotOnFastPath.INSTANCE;
        }
    }
}
