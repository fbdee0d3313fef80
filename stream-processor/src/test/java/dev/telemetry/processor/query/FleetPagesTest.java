package dev.telemetry.processor.query;

import static dev.telemetry.processor.testing.Readings.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.DeviceState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FleetPagesTest {

    // what two instances own, each sorted
    private final List<TreeSet<String>> instances = List.of(
            new TreeSet<>(List.of("a", "c", "d", "h")),
            new TreeSet<>(List.of("b", "e", "f", "g", "i")));

    @Test
    void shouldPageThroughTheWholeFleetInIdOrderExactlyOnce() {
        for (int limit = 1; limit <= 10; limit++) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                DevicePage page = FleetPages.merge(pagesAfter(cursor, limit), limit);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
                page.items().forEach(s -> seen.add(s.deviceId()));
                cursor = page.nextCursor();
                assertThat(++pages).as("limit %d terminates", limit).isLessThan(20);
            } while (cursor != null);
            assertThat(seen).as("limit %d", limit).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i");
        }
    }

    @Test
    void shouldSayMoreFollowsWhenAnInstanceHasMoreEvenIfTheMergeFillsThePageExactly() {
        DevicePage merged = FleetPages.merge(List.of(
                new DevicePage(List.of(state("a", 1, 1), state("b", 1, 1)), "b"),
                new DevicePage(List.of(), null)), 2);

        assertThat(ids(merged)).containsExactly("a", "b");
        assertThat(merged.nextCursor()).isEqualTo("b");
    }

    @Test
    void shouldEndWhenNoInstanceHasMore() {
        DevicePage merged = FleetPages.merge(List.of(
                new DevicePage(List.of(state("a", 1, 1)), null),
                new DevicePage(List.of(state("b", 1, 1)), null)), 2);

        assertThat(ids(merged)).containsExactly("a", "b");
        assertThat(merged.nextCursor()).isNull();
    }

    @Test
    void shouldListADeviceOnceWhenTwoInstancesBothReportIt() {
        DevicePage merged = FleetPages.merge(List.of(
                new DevicePage(List.of(state("a", 1, 1), state("c", 1, 1)), null),
                new DevicePage(List.of(state("b", 1, 1), state("c", 1, 1)), null)), 10);

        assertThat(ids(merged)).containsExactly("a", "b", "c");
    }

    @Test
    void shouldRejectANonPositiveLimit() {
        assertThatThrownBy(() -> FleetPages.merge(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** What each instance answers to a local listing after the cursor: its first {@code limit}. */
    private List<DevicePage> pagesAfter(String cursor, int limit) {
        List<DevicePage> pages = new ArrayList<>();
        for (TreeSet<String> owned : instances) {
            List<DeviceState> items = new ArrayList<>();
            for (String id : cursor == null ? owned : owned.tailSet(cursor, false)) {
                items.add(state(id, 1, 1));
            }
            boolean more = items.size() > limit;
            List<DeviceState> page = more ? items.subList(0, limit) : items;
            pages.add(new DevicePage(page, more ? page.get(limit - 1).deviceId() : null));
        }
        return pages;
    }

    private static List<String> ids(DevicePage page) {
        return page.items().stream().map(DeviceState::deviceId).toList();
    }
}
