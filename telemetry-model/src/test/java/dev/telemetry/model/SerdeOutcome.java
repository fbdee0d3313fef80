package dev.telemetry.model;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * What a serde's deserializer made of some bytes: the value, or the class of the exception it threw. Two
 * readers agree when their outcomes are equal; messages may differ.
 */
record SerdeOutcome(Object value, Class<?> failure) {

    static <T> SerdeOutcome of(Serde<T> serde, byte[] bytes) {
        try {
            return new SerdeOutcome(Objects.requireNonNullElse(serde.deserializer().deserialize("t", bytes), "null"),
                    null);
        } catch (RuntimeException e) {
            return new SerdeOutcome(null, e.getClass());
        }
    }

    boolean failed() {
        return failure != null;
    }
}
