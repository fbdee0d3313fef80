package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import java.util.List;
import java.util.Set;

/**
 * One page of a device listing.
 *
 * @param items      devices in ascending deviceId order
 * @param nextCursor pass it as the cursor of the next call; null on the last page
 * @param partitions the input partitions this page was read from (this instance's active ones); empty when
 *                   not known (a merged page, or a test double)
 */
public record DevicePage(List<DeviceState> items, String nextCursor, Set<Integer> partitions) {

    public DevicePage {
        items = List.copyOf(items);
        partitions = Set.copyOf(partitions);
    }

    public DevicePage(List<DeviceState> items, String nextCursor) {
        this(items, nextCursor, Set.of());
    }
}
