package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;

/**
 * Merges sorted runs (one range iterator per store partition) into one page in global key order.
 *
 * <p>Needed because each partition's store iterates in key order, but the composite store Kafka Streams
 * returns for all local partitions concatenates them. Only about {@code limit} entries are read, however
 * many devices there are. Keys compare with {@link String#compareTo}, which matches the stores' byte order
 * because device ids are ASCII.
 */
final class SortedRuns {

    private SortedRuns() {
    }

    /**
     * The first {@code limit} entries after {@code cursorExclusive} across all runs.
     *
     * @param runs each in ascending key order, starting at or after the cursor
     */
    static DevicePage page(List<? extends Iterator<KeyValue<String, DeviceState>>> runs, String cursorExclusive,
            int limit) {
        return page(runs, cursorExclusive, limit, state -> true);
    }

    /**
     * The first {@code limit} entries after {@code cursorExclusive} across all runs that match {@code filter};
     * entries that do not match are skipped and do not count towards the limit.
     */
    static DevicePage page(List<? extends Iterator<KeyValue<String, DeviceState>>> runs, String cursorExclusive,
            int limit, Predicate<DeviceState> filter) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.entry.key));
        for (Iterator<KeyValue<String, DeviceState>> run : runs) {
            advance(run, cursorExclusive, filter, heads);
        }
        List<DeviceState> items = new ArrayList<>(limit);
        // one more than asked, to know whether another page follows
        while (!heads.isEmpty() && items.size() <= limit) {
            Head head = heads.poll();
            items.add(head.entry.value);
            advance(head.run, cursorExclusive, filter, heads);
        }
        if (items.size() > limit) {
            items.remove(limit);
            return new DevicePage(items, items.get(limit - 1).deviceId());
        }
        return new DevicePage(items, null);
    }

    /** Queues the run's next matching entry after the cursor, if any. */
    private static void advance(Iterator<KeyValue<String, DeviceState>> run, String cursorExclusive,
            Predicate<DeviceState> filter, PriorityQueue<Head> heads) {
        while (run.hasNext()) {
            KeyValue<String, DeviceState> next = run.next();
            if ((cursorExclusive == null || next.key.compareTo(cursorExclusive) > 0) && filter.test(next.value)) {
                heads.add(new Head(next, run));
                return;
            }
        }
    }

    private record Head(KeyValue<String, DeviceState> entry, Iterator<KeyValue<String, DeviceState>> run) {
    }
}
