package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import java.util.Objects;

/** The answer to "what is device X doing now", including the answers that are not a state. */
public sealed interface DeviceLookup {

    /**
     * This instance has the device's state.
     *
     * @param stale true when it was read from a standby replica or a restoring store (only when the caller
     *              allowed stale reads): possibly behind the owner's state
     */
    record Found(DeviceState state, boolean stale) implements DeviceLookup {
        public Found {
            Objects.requireNonNull(state, "state");
        }

        /** Read from the active (up-to-date) store. */
        public Found(DeviceState state) {
            this(state, false);
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
     * Another instance answers for the device: its owner, or (when the caller allowed stale reads and the
     * owner is unknown) an instance with a standby replica. The HTTP layer forwards the request there.
     */
    record Remote(String host, int port) implements DeviceLookup {
    }
}
