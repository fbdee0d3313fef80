package dev.telemetry.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.Objects;

/**
 * The value of a reading: exactly one of a finite number, a boolean or a string (SenML v / vb /
 * vs). In JSON it is the bare value: {@code 21.5}, {@code true} or {@code "open"}.
 */
@JsonSerialize(using = ReadingValue.Serializer.class)
@JsonDeserialize(using = ReadingValue.Deserializer.class)
public sealed interface ReadingValue {

    static ReadingValue of(double value) {
        return new Num(value);
    }

    static ReadingValue of(boolean value) {
        return new Bool(value);
    }

    static ReadingValue of(String value) {
        return new Text(value);
    }

    /** The value as a plain Java object (Double, Boolean or String). */
    Object raw();

    /** A finite double; NaN and infinities are not readings. */
    record Num(double value) implements ReadingValue {
        public Num {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("numeric value must be finite, got " + value);
            }
        }

        @Override
        public Object raw() {
            return value;
        }
    }

    record Bool(boolean value) implements ReadingValue {
        @Override
        public Object raw() {
            return value;
        }
    }

    record Text(String value) implements ReadingValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object raw() {
            return value;
        }
    }

    final class Serializer extends JsonSerializer<ReadingValue> {
        @Override
        public void serialize(ReadingValue v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (v instanceof Num n) {
                gen.writeNumber(n.value());
            } else if (v instanceof Bool b) {
                gen.writeBoolean(b.value());
            } else {
                gen.writeString(((Text) v).value());
            }
        }
    }

    final class Deserializer extends JsonDeserializer<ReadingValue> {
        @Override
        public ReadingValue deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken token = p.currentToken();
            return switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(p.getDoubleValue());
                case VALUE_TRUE -> new Bool(true);
                case VALUE_FALSE -> new Bool(false);
                case VALUE_STRING -> new Text(p.getText());
                default -> (ReadingValue) ctx.handleUnexpectedToken(ReadingValue.class, p);
            };
        }
    }
}
