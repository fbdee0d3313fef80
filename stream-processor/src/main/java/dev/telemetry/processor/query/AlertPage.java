package dev.telemetry.processor.query;

import dev.telemetry.model.Anomaly;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Open alerts, newest first ({@link #ORDER}), at most a limit.
 *
 * @param items      the RAISED record of each open episode
 * @param truncated  true when more alerts are open than were returned
 * @param partitions the input partitions this page was read from (this instance's active ones); empty for a
 *                   merged page
 */
public record AlertPage(List<Anomaly> items, boolean truncated, Set<Integer> partitions) {

    /** Newest raise first; ties by device, then id, so that every instance sorts alike. */
    public static final Comparator<Anomaly> ORDER = Comparator.comparingLong(Anomaly::eventTime).reversed()
            .thenComparing(Anomaly::deviceId).thenComparing(Anomaly::id);

    public AlertPage {
        items = List.copyOf(items);
        partitions = Set.copyOf(partitions);
    }

    /**
     * The first {@code limit} alerts of several instances' pages (each its first {@code limit}), each once: an
     * alert on two pages (a partition moving while we asked) counts once.
     */
    public static AlertPage merge(List<AlertPage> pages, int limit) {
        Map<String, Anomaly> byId = new LinkedHashMap<>();
        boolean truncated = false;
        for (AlertPage p : pages) {
            truncated |= p.truncated();
            p.items().forEach(a -> byId.putIfAbsent(a.id(), a));
        }
        List<Anomaly> all = new ArrayList<>(byId.values());
        all.sort(ORDER);
        if (all.size() > limit) {
            return new AlertPage(all.subList(0, limit), true, Set.of());
        }
        return new AlertPage(all, truncated, Set.of());
    }
}
