package dev.telemetry.processor.query;

import dev.telemetry.processor.topology.StateTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** Ready when Kafka Streams is RUNNING and the device-state store answers queries. One try, no waiting. */
public final class StreamsReadiness implements ReadinessCheck {

    private final KafkaStreams streams;

    public StreamsReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Readiness check() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Readiness.notReady(state.name(), "Kafka Streams is " + state + ", not RUNNING");
        }
        try {
            streams.store(StoreQueryParameters.fromNameAndType(StateTopology.STATE_STORE,
                    QueryableStoreTypes.keyValueStore()));
            return Readiness.ready(state.name());
        } catch (InvalidStateStoreException e) {
            return Readiness.notReady(state.name(), "store " + StateTopology.STATE_STORE + " is not queryable: "
                    + e.getMessage());
        }
    }
}
