package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.WindowAggregate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Tumbling event-time windows per (device, metric) over the numeric readings that are not duplicates.
 *
 * <ul>
 *   <li>A reading with timestamp t belongs to the window {@code [t - t mod size, ... + size)}.</li>
 *   <li>Stream time here is the greatest timestamp of the non-duplicate readings (of any value type) this
 *       processor has seen on its partition,
 *       kept in {@link StateTopology#WINDOW_PROGRESS_STORE} so that it survives restarts. A window closes when
 *       stream time reaches {@code windowEnd + grace}, the same rule as Kafka Streams' windowed
 *       aggregations.</li>
 *   <li>A reading whose window has closed is <em>too late for its window</em>: it is not aggregated, and it
 *       goes on marked so that the device state counts it ({@code counters.tooLateForWindow}).</li>
 *   <li>When windows close they are marked closed in the store (still queryable until
 *       {@code windows.retention}) and emitted, once, in window order, to {@link StateTopology#AGGREGATES_SINK}:
 *       final results only.</li>
 * </ul>
 *
 * <p>Every arrival (duplicates, non-numeric values and too-late readings included) is forwarded to
 * {@link StateTopology#RECONCILE}.
 */
final class WindowAggregateProcessor implements Processor<String, Arrival, String, Object> {

    static final String STREAM_TIME = "stream-time";
    static final String CLOSED_UP_TO = "closed-up-to";

    private final long sizeMs;
    private final long graceMs;
    private final TopologyEvents events;
    private ProcessorContext<String, Object> context;
    private WindowStore<String, WindowAccumulator> windows;
    private KeyValueStore<String, Long> progress;
    /**
     * The two values of {@link #progress}, read once in {@link #init} (after the store is restored) and then kept
     * here: every reading needs both, and a read through the store's cache deserializes them each time.
     */
    private long streamTime;
    private long closedUpTo;

    WindowAggregateProcessor(TopologyConfig cfg, TopologyEvents events) {
        this.sizeMs = cfg.windowSize().toMillis();
        this.graceMs = cfg.windowGrace().toMillis();
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.windows = context.getStateStore(StateTopology.WINDOW_STORE);
        this.progress = context.getStateStore(StateTopology.WINDOW_PROGRESS_STORE);
        this.streamTime = stored(STREAM_TIME);
        this.closedUpTo = stored(CLOSED_UP_TO);
    }

    @Override
    public void process(Record<String, Arrival> record) {
        Arrival arrival = record.value();
        Reading reading = arrival.reading();
        if (!arrival.duplicate()) {
            long time = record.timestamp();
            if (time > streamTime) {
                streamTime = time;
                progress.put(STREAM_TIME, streamTime);
            }
            long bound = streamTime - graceMs - sizeMs; // windows starting at or before this are closed
            // Emit before this reading is written: the write advances the window store's own clock, and a jump
            // of stream time longer than windows.retention would expire the windows it closes before they
            // were published. Every reading moves stream time, numeric or not.
            closeUpTo(bound);
            if (reading.value() instanceof ReadingValue.Num num) {
                long start = windowStart(time, sizeMs);
                if (start <= bound) {
                    arrival = arrival.markTooLateForWindow();
                } else {
                    String key = windowKey(reading.deviceId(), reading.metric());
                    WindowAccumulator acc = windows.fetch(key, start);
                    windows.put(key, acc == null
                            ? WindowAccumulator.of(num.value(), time, reading.seq(), reading.unit())
                            : acc.add(num.value(), time, reading.seq(), reading.unit()), start);
                }
            }
        }
        context.forward(record.withValue(arrival), StateTopology.RECONCILE);
    }

    /** Emits and marks every window starting in (previous bound, {@code bound}]. */
    private void closeUpTo(long bound) {
        long previous = closedUpTo;
        if (bound <= previous || bound < 0) {
            return;
        }
        if (previous != Long.MIN_VALUE && windowStart(bound, sizeMs) <= previous) {
            // no window starts in (previous, bound]: nothing closes. Checked before the fetch, which scans
            // every window of the segment and would otherwise run on every reading as stream time ticks on
            return;
        }
        List<KeyValue<Windowed<String>, WindowAccumulator>> closing = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, WindowAccumulator> it =
                windows.fetchAll(Math.max(0, previous + 1), bound)) {
            it.forEachRemaining(closing::add);
        }
        closing.sort(Comparator.comparingLong((KeyValue<Windowed<String>, WindowAccumulator> kv) ->
                kv.key.window().start()).thenComparing(kv -> kv.key.key()));
        for (KeyValue<Windowed<String>, WindowAccumulator> kv : closing) {
            if (kv.value.closed()) {
                continue;
            }
            long start = kv.key.window().start();
            WindowAccumulator closed = kv.value.close();
            windows.put(kv.key.key(), closed, start);
            String[] deviceAndMetric = splitWindowKey(kv.key.key());
            WindowAggregate aggregate = closed.toAggregate(deviceAndMetric[0], deviceAndMetric[1], start, start + sizeMs);
            context.forward(new Record<>(deviceAndMetric[0], aggregate, closed.lastTime()),
                    StateTopology.AGGREGATES_SINK);
            events.windowClosed();
        }
        closedUpTo = bound;
        progress.put(CLOSED_UP_TO, bound);
    }

    private long stored(String key) {
        Long value = progress.get(key);
        return value == null ? Long.MIN_VALUE : value;
    }

    static long windowStart(long time, long size) {
        return time - Math.floorMod(time, size);
    }

    /** The window store's key: deviceId NUL metric (NUL cannot occur in either). */
    static String windowKey(String deviceId, String metric) {
        return deviceId + '\u0000' + metric;
    }

    static String[] splitWindowKey(String key) {
        int nul = key.indexOf('\u0000');
        return new String[] {key.substring(0, nul), key.substring(nul + 1)};
    }
}
