package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Restores event-time order per device for {@code telemetry.readings.ordered}, at the cost of a bounded delay.
 *
 * <ul>
 *   <li>Non-duplicate readings wait in {@link StateTopology#REORDER_BUFFER_STORE}, keyed so that the store's
 *       order is (timestamp, seq, deviceId, metric, input offset).</li>
 *   <li>Whenever the partition's stream time advances, everything with a timestamp at or before
 *       {@code streamTime - reorder.delay} is released in that order.</li>
 *   <li>Quiet partitions: stream time only moves with new records, so a wall-clock punctuation (every
 *       {@code reorder.delay}) checks whether stream time has stood still for {@code reorder.delay}; if so it
 *       releases every reading that has waited that long in wall-clock time, together with everything
 *       buffered at or before the youngest of them (so order is kept).</li>
 *   <li>A reading older than the newest reading already released for its device cannot be put in order any
 *       more: it is forwarded at once with the header {@value #LATE_HEADER}{@code =true}.</li>
 * </ul>
 *
 * <p>{@link StateTopology#REORDER_RELEASED_STORE} keeps, per device, the newest timestamp released.
 */
final class ReorderProcessor implements Processor<String, Arrival, String, Reading> {

    /** Header on ordered readings that arrived after younger readings of their device had been released. */
    public static final String LATE_HEADER = "telemetry.late";
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);

    private final long delayMs;
    private final TopologyEvents events;
    private ProcessorContext<String, Reading> context;
    private KeyValueStore<String, BufferedReading> buffer;
    private KeyValueStore<String, Long> released;
    private long lastStreamTime = Long.MIN_VALUE;
    /**
     * No buffered reading is older than this. Scans start here rather than at the store's first key:
     * released readings leave RocksDB tombstones at the front of the time-ordered key space, and a
     * scan from the first key would step over all of them on every record (quadratic slow-down under
     * load). Not persisted: after a restart the first scan starts at the beginning once.
     */
    private long scanFrom = Long.MIN_VALUE;
    private long streamTimeMovedAt;
    /**
     * The device whose newest released timestamp was read or written last, and that timestamp (null: none).
     * A message's readings are consecutive records of one device and are released together, so most lookups
     * find their device here instead of reading and deserializing it from the store. Only this processor
     * writes the store, and {@link #init} (also after a rollback, when the store is restored) forgets it.
     */
    private String memoDevice;
    private Long memoReleased;

    ReorderProcessor(Duration delay, TopologyEvents events) {
        this.delayMs = delay.toMillis();
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, Reading> context) {
        this.context = context;
        this.buffer = context.getStateStore(StateTopology.REORDER_BUFFER_STORE);
        this.released = context.getStateStore(StateTopology.REORDER_RELEASED_STORE);
        this.streamTimeMovedAt = context.currentSystemTimeMs();
        this.memoDevice = null;
        this.memoReleased = null;
        context.schedule(Duration.ofMillis(delayMs), PunctuationType.WALL_CLOCK_TIME, this::flushQuietPartition);
    }

    @Override
    public void process(Record<String, Arrival> record) {
        Arrival arrival = record.value();
        if (arrival.duplicate()) {
            return;
        }
        Reading reading = arrival.reading();
        long time = record.timestamp();
        long streamTime = context.currentStreamTimeMs();
        if (streamTime > lastStreamTime) {
            lastStreamTime = streamTime;
            streamTimeMovedAt = context.currentSystemTimeMs();
        }
        long threshold = streamTime - delayMs;
        Long newestReleased = newestReleased(reading.deviceId());
        if (newestReleased != null && time < newestReleased) {
            emit(reading, time, true);
        } else if (time <= threshold) {
            // Already due: buffering it would only put it in and take it out again, and lowering the scan
            // start below everything released since would make each such scan step over their tombstones
            // (one such reading per record made a backlog of 100,000 devices crawl). Whatever is buffered at
            // or before it goes first, as the store's order would have it.
            releaseUpTo(time);
            releaseOne(reading, time);
        } else {
            long offset = context.recordMetadata().map(m -> m.offset()).orElse(0L);
            buffer.put(bufferKey(time, reading, offset), new BufferedReading(reading, time,
                    context.currentSystemTimeMs()));
            scanFrom = Math.min(scanFrom, time);
            events.buffered(1);
        }
        releaseUpTo(threshold);
    }

    private void flushQuietPartition(long now) {
        if (now - streamTimeMovedAt < delayMs) {
            return; // stream time moves: releases happen in process()
        }
        long youngestDue = Long.MIN_VALUE;
        try (KeyValueIterator<String, BufferedReading> it = buffer.range(timePrefix(scanFrom), null)) {
            while (it.hasNext()) {
                BufferedReading b = it.next().value;
                if (now - b.arrivedAt() >= delayMs) {
                    youngestDue = Math.max(youngestDue, b.timestamp());
                }
            }
        }
        if (youngestDue != Long.MIN_VALUE) {
            releaseUpTo(youngestDue);
        }
    }

    /** Releases, in key order, every buffered reading with a timestamp at or before {@code threshold}. */
    private void releaseUpTo(long threshold) {
        if (threshold == Long.MAX_VALUE) {
            threshold = Long.MAX_VALUE - 1;
        }
        List<KeyValue<String, BufferedReading>> due = new ArrayList<>();
        // keys sort by their leading timestamp; every key of time t is longer than, so after, prefix(t + 1)
        if (threshold < scanFrom) {
            return; // nothing buffered is that old
        }
        try (KeyValueIterator<String, BufferedReading> it = buffer.range(timePrefix(scanFrom),
                timePrefix(threshold + 1))) {
            it.forEachRemaining(due::add);
        }
        // everything at or before the threshold is released below
        scanFrom = threshold + 1;
        events.buffered(-due.size());
        for (KeyValue<String, BufferedReading> kv : due) {
            buffer.delete(kv.key);
            releaseOne(kv.value.reading(), kv.value.timestamp());
        }
    }

    /** Forwards a reading in order and remembers it as its device's newest released. */
    private void releaseOne(Reading reading, long time) {
        Long newest = newestReleased(reading.deviceId());
        if (newest == null || time > newest) {
            released.put(reading.deviceId(), time);
            memoReleased = time;
        }
        emit(reading, time, false);
    }

    /** The newest timestamp released for the device, or null; leaves the device in the memo. */
    private Long newestReleased(String deviceId) {
        if (!deviceId.equals(memoDevice)) {
            memoReleased = released.get(deviceId);
            memoDevice = deviceId;
        }
        return memoReleased;
    }

    private void emit(Reading reading, long time, boolean late) {
        RecordHeaders headers = new RecordHeaders();
        if (late) {
            headers.add(LATE_HEADER, TRUE);
        }
        context.forward(new Record<>(reading.deviceId(), reading, time, headers));
    }

    /** (time, seq, deviceId, metric, offset), ordered as strings the way it is as numbers. */
    static String bufferKey(long time, Reading r, long offset) {
        return timePrefix(time) + hex(r.seq() == null ? Long.MIN_VALUE : r.seq()) + r.deviceId() + '\u0000'
                + r.metric() + '\u0000' + hex(offset);
    }

    static String timePrefix(long time) {
        return hex(time);
    }

    /** 16 hex digits of the value with the sign bit flipped: string order = signed numeric order. */
    private static String hex(long value) {
        String digits = Long.toHexString(value ^ Long.MIN_VALUE);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
