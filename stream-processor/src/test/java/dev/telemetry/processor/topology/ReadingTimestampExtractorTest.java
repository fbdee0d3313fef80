package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ReadingTimestampExtractorTest {

    private final ReadingTimestampExtractor extractor = new ReadingTimestampExtractor();

    @Test
    void shouldUseEventTimeOfReading() {
        assertThat(extractor.extract(record(reading("d", "m", 1.0, 1_234), 9_999), 0)).isEqualTo(1_234);
    }

    @Test
    void shouldUseEventTimeOfAReadingAsItCameOffTheTopic() {
        SourcedReading sourced = new SourcedReading(reading("d", "m", 1.0, 1_234), new byte[] {'{', '}'});
        assertThat(extractor.extract(record(sourced, 9_999), 0)).isEqualTo(1_234);
    }

    @Test
    void shouldFallBackToRecordTimestampWhenValueIsNotAReading() {
        assertThat(extractor.extract(record(null, 9_999), 0)).isEqualTo(9_999);
        assertThat(extractor.extract(record("not a reading", 9_999), 0)).isEqualTo(9_999);
    }

    @Test
    void shouldFallBackWhenEventTimeIsNegative() {
        assertThat(extractor.extract(record(reading("d", "m", 1.0, -5), 9_999), 0)).isEqualTo(9_999);
        assertThat(extractor.extract(record(reading("d", "m", 1.0, -5), -1), 4_444)).isEqualTo(4_444);
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("telemetry.readings", 0, 0L, timestamp, TimestampType.CREATE_TIME, -1, -1,
                "d", value, new RecordHeaders(), Optional.empty());
    }
}
