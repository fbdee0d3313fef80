package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges the pages of several instances (each the first {@code limit} matching devices after the same cursor,
 * from that instance's partitions) into one page of the fleet listing.
 *
 * <p>Correct because the fleet's first {@code limit} devices after the cursor are among the union of every
 * instance's first {@code limit}. A device that appears on two pages (possible only while a partition moves)
 * is listed once. The merged page has a next cursor when more than {@code limit} devices were seen or when
 * any instance said it has more.
 */
public final class FleetPages {

    private FleetPages() {
    }

    /**
     * @param pages one page per instance, each asked with the same cursor, filter and {@code limit}
     */
    public static DevicePage merge(List<DevicePage> pages, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.state().deviceId()));
        boolean anyHasMore = false;
        for (DevicePage page : pages) {
            anyHasMore |= page.nextCursor() != null;
            if (!page.items().isEmpty()) {
                heads.add(new Head(page.items(), 0));
            }
        }
        List<DeviceState> items = new ArrayList<>(limit);
        boolean moreSeen = false;
        String previous = null;
        while (!heads.isEmpty()) {
            Head head = heads.poll();
            DeviceState state = head.state();
            if (!state.deviceId().equals(previous)) {
                if (items.size() == limit) {
                    moreSeen = true;
                    break;
                }
                items.add(state);
                previous = state.deviceId();
            }
            if (head.index() + 1 < head.items().size()) {
                heads.add(new Head(head.items(), head.index() + 1));
            }
        }
        boolean hasMore = moreSeen || (anyHasMore && !items.isEmpty());
        return new DevicePage(items, hasMore ? items.get(items.size() - 1).deviceId() : null);
    }

    private record Head(List<DeviceState> items, int index) {
        DeviceState state() {
            return items.get(index);
        }
    }
}
