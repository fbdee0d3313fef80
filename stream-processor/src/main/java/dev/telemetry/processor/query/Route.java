package dev.telemetry.processor.query;

import org.apache.kafka.streams.state.HostInfo;

/** Where the query for one key is answered; decided by {@link KeyRouting}. */
sealed interface Route {

    /**
     * From this instance's store of {@code partition}.
     *
     * @param stale true: a standby replica (the caller allowed stale reads), possibly behind the active one
     */
    record Here(int partition, boolean stale) implements Route {
    }

    /** At another instance: the owner, or one with a standby replica when stale reads are allowed. */
    record Elsewhere(HostInfo host) implements Route {
    }

    /** Nowhere right now (starting, rebalancing, owner unknown): worth retrying shortly. */
    record Nowhere(String reason) implements Route {
    }
}
