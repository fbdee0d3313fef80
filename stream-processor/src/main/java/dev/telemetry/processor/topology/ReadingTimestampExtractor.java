package dev.telemetry.processor.topology;

import dev.telemetry.model.Reading;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for Kafka Streams: the reading's {@code eventTime}, when the device (or the gateway) measured
 * it, not when Kafka received it.
 *
 * <p>A record whose value is not a {@link Reading} (a tombstone, or a value that did not deserialize)
 * falls back to the record's own timestamp. A negative eventTime cannot be a stream time (Kafka Streams
 * drops records with negative timestamps), so it falls back too, to the record timestamp or, if that is
 * negative as well, to the partition's current stream time.
 */
public final class ReadingTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value() instanceof SourcedReading sourced ? sourced.reading() : record.value();
        if (value instanceof Reading reading && reading.eventTime() >= 0) {
            return reading.eventTime();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
