package dev.telemetry.model;

import org.apache.kafka.common.serialization.Serde;

/** Serdes for the canonical records. */
public final class TelemetrySerdes {

    private TelemetrySerdes() {
    }

    public static Serde<Reading> reading() {
        return new JsonSerde<>(Reading.class);
    }

    public static Serde<DeviceState> deviceState() {
        return new JsonSerde<>(DeviceState.class);
    }

    public static Serde<WindowAggregate> windowAggregate() {
        return new JsonSerde<>(WindowAggregate.class);
    }

    public static Serde<Anomaly> anomaly() {
        return new JsonSerde<>(Anomaly.class);
    }

    /** Alert rules; a record that is not a valid {@link Rule} fails to deserialize with the reason. */
    public static Serde<Rule> rule() {
        return new JsonSerde<>(Rule.class);
    }
}
