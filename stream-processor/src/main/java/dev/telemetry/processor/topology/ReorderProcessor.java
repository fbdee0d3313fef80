package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import dev.telemetry.model.TelemetrySerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
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
 *
 * <p>The buffer is held twice: in the store, which is what survives (its changelog), and in a sorted map in memory,
 * which is what this processor reads. The store is only written (a put when a reading waits, a delete when it
 * leaves); the map is filled from the store in {@link #init}, which Kafka Streams calls again whenever it has
 * restored the store (a new assignment, a rollback after an aborted transaction). Reading the waiting readings
 * back from the store cost a decode of each one, and its deletes left tombstones a scan had to step over.
 *
 * <p>Released readings go to {@link StateTopology#ORDERED_SINK} as the value bytes they had on the readings topic
 * (the record is republished as it came, not encoded again) and to {@link StateTopology#ALERTS} as readings.
 */
final class ReorderProcessor implements Processor<String, Arrival, String, Object> {

    /** Header on ordered readings that arrived after younger readings of their device had been released. */
    public static final String LATE_HEADER = "telemetry.late";
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);
    private static final Serializer<Reading> JSON = TelemetrySerdes.reading().serializer();

    /** A waiting reading and its JSON as it will be published. */
    private record Waiting(BufferedReading buffered, byte[] json) {
    }

    private final long delayMs;
    private final TopologyEvents events;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> buffer;
    private KeyValueStore<String, Long> released;
    /** The buffer's content in the store's key order; see the class documentation. */
    private final NavigableMap<String, Waiting> waiting = new TreeMap<>();
    private long lastStreamTime = Long.MIN_VALUE;
    private long streamTimeMovedAt;
    /**
     * The device whose newest released timestamp was read or written last, and that timestamp (null: none).
     * A message's readings are consecutive records of one device and are released together, so most lookups
     * find their device here instead of reading and deserializing it from the store. Only this processor writes
     * the store, and {@link #init} (also after a rollback, when the store is restored) forgets it.
     */
    private String memoDevice;
    private Long memoReleased;

    ReorderProcessor(Duration delay, TopologyEvents events) {
        this.delayMs = delay.toMillis();
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(StateTopology.REORDER_BUFFER_STORE);
        this.released = context.getStateStore(StateTopology.REORDER_RELEASED_STORE);
        this.streamTimeMovedAt = context.currentSystemTimeMs();
        this.memoDevice = null;
        this.memoReleased = null;
        waiting.clear();
        try (KeyValueIterator<String, byte[]> it = buffer.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                BufferedReadingSerde.Decoded d = BufferedReadingSerde.decode(StateTopology.REORDER_BUFFER_STORE,
                        kv.value);
                waiting.put(kv.key, new Waiting(d.buffered(), d.readingJson()));
            }
        }
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
        byte[] json = arrival.json() != null ? arrival.json() : json(reading);
        if (newestReleased != null && time < newestReleased) {
            emit(reading, json, time, true);
        } else if (time <= threshold) {
            // Already due: buffering it would only put it in and take it out again. Whatever is buffered at or
            // before it goes first, as the store's order would have it.
            releaseUpTo(time);
            releaseOne(reading, json, time);
        } else {
            long offset = context.recordMetadata().map(m -> m.offset()).orElse(0L);
            String key = bufferKey(time, reading, offset);
            long arrivedAt = context.currentSystemTimeMs();
            buffer.put(key, BufferedReadingSerde.encode(time, arrivedAt, json));
            waiting.put(key, new Waiting(new BufferedReading(reading, time, arrivedAt), json));
            events.buffered(1);
        }
        releaseUpTo(threshold);
    }

    private void flushQuietPartition(long now) {
        if (now - streamTimeMovedAt < delayMs) {
            return; // stream time moves: releases happen in process()
        }
        long youngestDue = Long.MIN_VALUE;
        for (Waiting w : waiting.values()) {
            if (now - w.buffered().arrivedAt() >= delayMs) {
                youngestDue = Math.max(youngestDue, w.buffered().timestamp());
            }
        }
        if (youngestDue != Long.MIN_VALUE) {
            releaseUpTo(youngestDue);
        }
    }

    /** Releases, in key order, every buffered reading with a timestamp at or before {@code threshold}. */
    private void releaseUpTo(long threshold) {
        if (waiting.isEmpty()) {
            return;
        }
        if (threshold == Long.MAX_VALUE) {
            threshold = Long.MAX_VALUE - 1;
        }
        // keys sort by their leading timestamp; every key of time t is longer than, so after, prefix(t + 1)
        NavigableMap<String, Waiting> due = waiting.headMap(timePrefix(threshold + 1), false);
        if (due.isEmpty()) {
            return;
        }
        List<Waiting> released = new ArrayList<>(due.size());
        for (var it = due.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            buffer.delete(e.getKey());
            released.add(e.getValue());
            it.remove();
        }
        events.buffered(-released.size());
        for (Waiting w : released) {
            releaseOne(w.buffered().reading(), w.json(), w.buffered().timestamp());
        }
    }

    /** Forwards a reading in order and remembers it as its device's newest released. */
    private void releaseOne(Reading reading, byte[] json, long time) {
        Long newest = newestReleased(reading.deviceId());
        if (newest == null || time > newest) {
            released.put(reading.deviceId(), time);
            memoReleased = time;
        }
        emit(reading, json, time, false);
    }

    /** The newest timestamp released for the device, or null; leaves the device in the memo. */
    private Long newestReleased(String deviceId) {
        if (!deviceId.equals(memoDevice)) {
            memoReleased = released.get(deviceId);
            memoDevice = deviceId;
        }
        return memoReleased;
    }

    private static byte[] json(Reading reading) {
        return JSON.serialize(StateTopology.ORDERED_SINK, reading);
    }

    private void emit(Reading reading, byte[] json, long time, boolean late) {
        RecordHeaders headers = new RecordHeaders();
        if (late) {
            headers.add(LATE_HEADER, TRUE);
        }
        context.forward(new Record<String, Object>(reading.deviceId(), json, time, headers),
                StateTopology.ORDERED_SINK);
        context.forward(new Record<String, Object>(reading.deviceId(), reading, time, headers), StateTopology.ALERTS);
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
