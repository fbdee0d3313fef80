package dev.telemetry.gateway.decode;

import dev.telemetry.model.Reading;
import java.util.List;
import java.util.Objects;

/** The outcome of decoding one MQTT message: readings to publish, or a failure to dead-letter. */
public sealed interface DecodeResult {

    /** {@code json}, {@code plain}, or {@code unknown} when the topic matched no template. */
    String format();

    /** The message became one or more readings. */
    record Success(String format, List<Reading> readings) implements DecodeResult {
        public Success {
            Objects.requireNonNull(format, "format");
            readings = List.copyOf(readings);
            if (readings.isEmpty()) {
                throw new IllegalArgumentException("a decoded message has at least one reading");
            }
        }
    }

    /** The message cannot be decoded; it goes to the DLQ untouched. */
    record Failure(String format, DecodeException error) implements DecodeResult {
        public Failure {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(error, "error");
        }
    }
}
