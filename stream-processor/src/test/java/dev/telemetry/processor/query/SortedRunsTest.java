package dev.telemetry.processor.query;

import static dev.telemetry.processor.testing.Readings.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.DeviceState;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class SortedRunsTest {

    // three partitions, each sorted, together not
    private final List<List<String>> partitions = List.of(
            List.of("a", "d", "g"),
            List.of("b", "e"),
            List.of("c", "f", "h", "i"));

    @Test
    void shouldMergeRunsInGlobalKeyOrder() {
        DevicePage page = SortedRuns.page(runs(null), null, 100);

        assertThat(ids(page)).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void shouldPageWithExclusiveCursor() {
        DevicePage first = SortedRuns.page(runs(null), null, 4);
        DevicePage second = SortedRuns.page(runs(first.nextCursor()), first.nextCursor(), 4);
        DevicePage third = SortedRuns.page(runs(second.nextCursor()), second.nextCursor(), 4);

        assertThat(ids(first)).containsExactly("a", "b", "c", "d");
        assertThat(first.nextCursor()).isEqualTo("d");
        assertThat(ids(second)).containsExactly("e", "f", "g", "h");
        assertThat(ids(third)).containsExactly("i");
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void shouldNotOfferNextCursorWhenPageEndsExactlyAtLastDevice() {
        DevicePage page = SortedRuns.page(runs(null), null, 9);

        assertThat(page.items()).hasSize(9);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void shouldCountOnlyMatchingDevicesTowardsTheLimit() {
        java.util.Set<String> vowels = java.util.Set.of("a", "e", "i");

        DevicePage first = SortedRuns.page(runs(null), null, 2, s -> vowels.contains(s.deviceId()));
        DevicePage second = SortedRuns.page(runs(first.nextCursor()), first.nextCursor(), 2,
                s -> vowels.contains(s.deviceId()));

        assertThat(ids(first)).containsExactly("a", "e");
        assertThat(first.nextCursor()).isEqualTo("e");
        assertThat(ids(second)).containsExactly("i");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void shouldReturnEmptyPageWithoutRuns() {
        DevicePage page = SortedRuns.page(List.of(), null, 10);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    /** Like store.range(cursor, null): inclusive of the cursor itself. */
    private List<Iterator<KeyValue<String, DeviceState>>> runs(String from) {
        return partitions.stream()
                .map(ids -> ids.stream()
                        .filter(id -> from == null || id.compareTo(from) >= 0)
                        .map(id -> KeyValue.pair(id, state(id, 1.0, 1_000)))
                        .iterator())
                .toList();
    }

    private static List<String> ids(DevicePage page) {
        return page.items().stream().map(DeviceState::deviceId).toList();
    }
}
