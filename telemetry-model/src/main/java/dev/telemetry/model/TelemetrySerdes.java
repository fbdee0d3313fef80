package dev.telemetry.model;

import org.apache.kafka.common.serialization.Serde;

/** Serdes for the canonical records. */
public final class TelemetrySerdes {

    private TelemetrySerdes() {
    }

    /**
     * Readings, with a streaming codec: the processor reads one per input record. The same bytes as
     * {@code new JsonSerde<>(Reading.class)}, and the same values and failures when reading.
     */
    public static Serde<Reading> reading() {
        return new JsonSerde<>(Reading.class, ReadingCodec.INSTANCE);
    }

    /** Device states, with a streaming codec (as {@link #reading()}): written and read per state update. */
    public static Serde<DeviceState> deviceState() {
        return new JsonSerde<>(DeviceState.class, DeviceStateCodec.INSTANCE);
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
