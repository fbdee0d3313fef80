package dev.telemetry.processor.query;

import dev.telemetry.model.WindowAggregate;
import java.util.List;

/** The answer to "what did metric M of device X do between from and to", including the non-answers. */
public sealed interface WindowLookup {

    /**
     * This instance has the device's windows; the list may be empty.
     *
     * @param stale true when read from a standby replica or a restoring store (stale reads allowed)
     */
    record Found(List<WindowAggregate> windows, boolean stale) implements WindowLookup {
        public Found {
            windows = List.copyOf(windows);
        }

        /** Read from the active (up-to-date) store. */
        public Found(List<WindowAggregate> windows) {
            this(windows, false);
        }
    }

    /** Starting, rebalancing or restoring: worth retrying in a moment. */
    record Unavailable(String reason) implements WindowLookup {
    }

    /** Another instance answers for the device (its owner, or a standby when stale reads are allowed). */
    record Remote(String host, int port) implements WindowLookup {
    }
}
