package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import dev.telemetry.model.TimeSource;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology's first stage: drops what cannot be processed (tombstones, readings keyed by another device)
 * and marks duplicates.
 *
 * <p>A reading is a duplicate when its identity (deviceId, metric, eventTime, seq) is in
 * {@link StateTopology#DEDUPE_STORE}, a window store whose segments expire {@code dedupe.retention} behind
 * stream time (the DeduplicationTransformer pattern): memory is bounded, and a copy arriving more than the
 * retention after the original is not recognised. Readings timestamped by the gateway are never duplicates:
 * their eventTime is the receipt time, so two deliveries of one message differ in it and equal identities
 * mean two distinct readings received in the same millisecond.
 *
 * <p>Duplicates are forwarded, marked, so that the state can count them; the later stages ignore them.
 */
final class DedupeProcessor implements Processor<String, SourcedReading, String, Arrival> {

    private static final Logger log = LoggerFactory.getLogger(DedupeProcessor.class);

    private final long retentionMs;
    private ProcessorContext<String, Arrival> context;
    private WindowStore<String, Long> seen;

    DedupeProcessor(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Arrival> context) {
        this.context = context;
        this.seen = context.getStateStore(StateTopology.DEDUPE_STORE);
    }

    @Override
    public void process(Record<String, SourcedReading> record) {
        if (record.value() == null) {
            log.debug("ignoring a tombstone on the readings topic ({})", where());
            return;
        }
        Reading reading = record.value().reading();
        if (!reading.deviceId().equals(record.key())) {
            // The key decides the partition and so the task holding the device's state; trusting the
            // value's deviceId would put the state where queries for that device never look.
            log.warn("skipping a reading whose key '{}' is not its deviceId '{}' ({}); producers must key"
                    + " readings by deviceId", record.key(), reading.deviceId(), where());
            return;
        }
        if (reading.timeSource() == TimeSource.GATEWAY) {
            context.forward(record.withValue(Arrival.fresh(record.value())));
            return;
        }
        String identity = identity(reading);
        long time = record.timestamp();
        if (seenBefore(identity, reading, time)) {
            context.forward(record.withValue(Arrival.duplicateOf(reading)));
            return;
        }
        seen.put(identity, reading.receivedAt(), time);
        context.forward(record.withValue(Arrival.fresh(record.value())));
    }

    private boolean seenBefore(String identity, Reading reading, long time) {
        if (reading.eventTime() >= 0) {
            // the timestamp is the eventTime (ReadingTimestampExtractor), which the identity holds: an earlier
            // copy was stored at exactly this time. A point lookup, not an iterator over the segments
            return seen.fetch(identity, time) != null;
        }
        // a negative eventTime falls back to the record's timestamp, which copies need not share: the time
        // range only has to cover where the first copy was stored
        try (WindowStoreIterator<Long> it = seen.fetch(identity, Math.max(0, time - retentionMs),
                saturatedAdd(time, retentionMs))) {
            return it.hasNext();
        }
    }

    /** deviceId, metric, eventTime and seq; NUL cannot occur in ids and metric names. */
    static String identity(Reading r) {
        return r.deviceId() + '\u0000' + r.metric() + '\u0000' + r.eventTime() + '\u0000'
                + (r.seq() == null ? "-" : r.seq().toString());
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private String where() {
        return context.recordMetadata()
                .map(m -> "task " + context.taskId() + ", topic " + m.topic() + ", partition " + m.partition()
                        + ", offset " + m.offset())
                .orElse("task " + context.taskId());
    }
}
