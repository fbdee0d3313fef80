package dev.telemetry.processor.query;

import dev.telemetry.model.WindowAggregate;
import java.util.List;

/** The answer to "what did metric M of device X do between from and to", including the non-answers. */
public sealed interface WindowLookup {

    /** This instance owns the device; the list may be empty. */
    record Found(List<WindowAggregate> windows) implements WindowLookup {
        public Found {
            windows = List.copyOf(windows);
        }
    }

    /** Starting, rebalancing or restoring: worth retrying in a moment. */
    record Unavailable(String reason) implements WindowLookup {
    }

    /** Another instance owns the device; forwarding is not implemented yet (scale-out). */
    record Remote(String host, int port) implements WindowLookup {
    }
}
