package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import java.util.Objects;

/** The answer to "what is device X doing now", including the answers that are not a state. */
public sealed interface DeviceLookup {

    /** This instance owns the device and has its state. */
    record Found(DeviceState state) implements DeviceLookup {
        public Found {
            Objects.requireNonNull(state, "state");
        }
    }

    /** This instance owns the device's partition and has never seen a reading of it. */
    record NotFound(String deviceId) implements DeviceLookup {
    }

    /**
     * The state cannot be read right now: the application is starting or rebalancing, or the store is
     * restoring. Worth retrying in a moment.
     */
    record Unavailable(String reason) implements DeviceLookup {
    }

    /**
     * Another instance owns the device. Forwarding the query to it is not implemented yet (scale-out);
     * a single instance never answers this.
     */
    record Remote(String host, int port) implements DeviceLookup {
    }
}
