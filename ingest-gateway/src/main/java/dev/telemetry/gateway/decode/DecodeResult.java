package dev.telemetry.gateway.decode;

import dev.telemetry.model.LifecycleEvent;
import dev.telemetry.model.Reading;
import java.util.List;
import java.util.Objects;

/** The outcome of decoding one MQTT message: readings to publish, or a failure to dead-letter. */
public sealed interface DecodeResult {

    /** {@code json}, {@code plain}, {@code senml-json}, ..., or {@code unknown} when the topic matched no template. */
    String format();

    /**
     * The message was understood: its readings and lifecycle events are to be published. Both may
     * be empty for a message that is valid but carries no telemetry (a Sparkplug command, for
     * example); it is then simply acknowledged.
     *
     * @param notes non-fatal findings worth a log line, such as a Sparkplug payload that deviates
     *              from the specification in a way the decoder tolerates
     */
    record Success(String format, List<Reading> readings, List<LifecycleEvent> events, List<String> notes)
            implements DecodeResult {
        public Success {
            Objects.requireNonNull(format, "format");
            readings = List.copyOf(readings);
            events = List.copyOf(events);
            notes = List.copyOf(notes);
        }

        /** Readings only; at least one. */
        public Success(String format, List<Reading> readings) {
            this(format, requireSome(readings), List.of(), List.of());
        }

        private static List<Reading> requireSome(List<Reading> readings) {
            if (readings.isEmpty()) {
                throw new IllegalArgumentException("a decoded message has at least one reading");
            }
            return readings;
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
