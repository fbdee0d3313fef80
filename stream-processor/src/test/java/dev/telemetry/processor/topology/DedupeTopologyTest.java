package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.gatewayReading;
import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Reading;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** docs/semantics.md, rule 1: dedupe by (deviceId, metric, eventTime, seq) within the retention. */
class DedupeTopologyTest {

    private TopologyFixture f;

    private void start(TestInfo test, Duration retention) {
        f = new TopologyFixture(test.getTestMethod().orElseThrow().getName(), retention, Duration.ofMinutes(5),
                Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(5), 0);
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void shouldDropAndCountDeviceTimestampedDuplicates(TestInfo test) {
        start(test, Duration.ofHours(1));
        // GIVEN a reading delivered twice (QoS 1 redelivery: same identity, later receipt, other value even)
        f.pipe(reading("dev", "t", 20.0, 1_000, 1));
        f.pipe(reading("dev", "t", ReadingValue.of(99.0), 1_000, 1L, 9_000));

        DeviceState s = f.state("dev");
        assertThat(s.counters().accepted()).isEqualTo(1);
        assertThat(s.counters().duplicates()).isEqualTo(1);
        assertThat(s.counters().late()).isZero();
        assertThat(s.metrics().get("t").value()).isEqualTo(ReadingValue.of(20.0));
        assertThat(s.lastReceived()).isEqualTo(1_005); // the duplicate's receipt is not data
        assertThat(f.window("dev", "t", 0).count()).isEqualTo(1);
        // both arrivals are published (the duplicate moved the counters)
        assertThat(f.states.readValuesToList()).hasSize(2);

        f.pipe(reading("dev", "t", 21.0, 10_000, 2)); // releases the first from the reorder buffer
        assertThat(f.ordered.readValuesToList()).extracting(r -> r.eventTime()).containsExactly(1_000L);
    }

    @Test
    void shouldDropDuplicatesOfANegativeEventTimeWhoseRecordTimestampsDiffer(TestInfo test) {
        start(test, Duration.ofHours(1));
        // GIVEN a device clock before 1970: the record timestamps (not the eventTime) order them in Kafka, and
        // a redelivered copy carries a later record timestamp than the original
        f.pipe(reading("dev", "t", 20.0, 10_000, 1));
        Reading early = reading("dev", "t", 1.0, -5_000, 2);
        f.readings.pipeInput(new TestRecord<>("dev", early, Instant.ofEpochMilli(10_100)));
        f.readings.pipeInput(new TestRecord<>("dev", early, Instant.ofEpochMilli(12_300)));

        assertThat(f.state("dev").counters().accepted()).isEqualTo(2);
        assertThat(f.state("dev").counters().duplicates()).isEqualTo(1);
    }

    @Test
    void shouldTreatReadingsDifferingInAnyIdentityFieldAsDistinct(TestInfo test) {
        start(test, Duration.ofHours(1));
        f.pipe(reading("dev", "t", 1.0, 1_000, 1));
        f.pipe(reading("dev", "t", 2.0, 1_000, 2));     // other seq
        f.pipe(reading("dev", "u", 3.0, 1_000, 1));     // other metric
        f.pipe(reading("dev", "t", 4.0, 1_001, 1));     // other eventTime
        f.pipe(reading("other", "t", 5.0, 1_000, 1));   // other device
        f.pipe(reading("dev", "t", 6.0, 2_000));        // no seq ...
        f.pipe(reading("dev", "t", 7.0, 2_000));        // ... twice: same identity

        assertThat(f.state("dev").counters().accepted()).isEqualTo(5);
        assertThat(f.state("dev").counters().duplicates()).isEqualTo(1);
        assertThat(f.state("other").counters().duplicates()).isZero();
    }

    @Test
    void shouldNotDeduplicateGatewayTimestampedReadings(TestInfo test) {
        start(test, Duration.ofHours(1));
        f.pipe(gatewayReading("dev", "t", 1.0, 5_000));
        f.pipe(gatewayReading("dev", "t", 1.0, 5_000));

        assertThat(f.state("dev").counters().accepted()).isEqualTo(2);
        assertThat(f.state("dev").counters().duplicates()).isZero();
        assertThat(f.window("dev", "t", 0).count()).isEqualTo(2);
    }

    @Test
    void shouldForgetIdentitiesOnlyAfterRetentionInStreamTime(TestInfo test) {
        start(test, Duration.ofMinutes(2));
        f.pipe(reading("dev", "t", 1.0, 1_000, 1));
        // stream time moves 1 min on (another device): still within retention
        f.pipe(reading("other", "t", 1.0, 61_000, 1));
        f.pipe(reading("dev", "t", 1.0, 1_000, 1));
        assertThat(f.state("dev").counters().duplicates()).isEqualTo(1);

        // stream time 10 min on: the identity has expired, the copy counts as a (late) reading again
        f.pipe(reading("other", "t", 1.0, 601_000, 2));
        f.pipe(reading("dev", "t", 1.0, 1_000, 1));

        DeviceState s = f.state("dev");
        assertThat(s.counters().duplicates()).isEqualTo(1);
        assertThat(s.counters().accepted()).isEqualTo(2);
        assertThat(s.counters().late()).isEqualTo(1); // equal time and seq: the first arrival stays
    }
}
