package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import java.util.List;

/**
 * One page of a device listing.
 *
 * @param items      devices in ascending deviceId order
 * @param nextCursor pass it as the cursor of the next call; null on the last page
 */
public record DevicePage(List<DeviceState> items, String nextCursor) {

    public DevicePage {
        items = List.copyOf(items);
    }
}
