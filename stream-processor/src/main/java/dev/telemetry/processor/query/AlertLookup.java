package dev.telemetry.processor.query;

import dev.telemetry.model.Anomaly;
import java.util.List;

/** The answer to "which alerts of device X are open", including the answers that are not a list. */
public sealed interface AlertLookup {

    /**
     * This instance has the device's alerts; the list may be empty.
     *
     * @param stale true when read from a standby replica or a restoring store (stale reads allowed)
     */
    record Found(List<Anomaly> alerts, boolean stale) implements AlertLookup {
        public Found {
            alerts = List.copyOf(alerts);
        }
    }

    /** Starting, rebalancing or restoring: worth retrying in a moment. */
    record Unavailable(String reason) implements AlertLookup {
    }

    /** Another instance answers for the device. */
    record Remote(String host, int port) implements AlertLookup {
    }
}
