package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.ReadingValue;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** docs/semantics.md, rules 2 and 3: current state by event time, counters, sequence gaps, status. */
class DeviceStateTopologyTest {

    private TopologyFixture f;

    @BeforeEach
    void start(TestInfo test) {
        f = TopologyFixture.withDefaults(test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldKeepGreatestEventTimeWhateverTheArrivalOrderIncludingNegativeValues() {
        f.pipe(reading("dev", "t", -3.5, 3_000));
        f.pipe(reading("dev", "t", -1.0, 1_000));
        f.pipe(reading("dev", "t", -2.0, 2_000));

        DeviceState s = f.state("dev");
        assertThat(s.metrics().get("t").value()).isEqualTo(ReadingValue.of(-3.5));
        assertThat(s.metrics().get("t").eventTime()).isEqualTo(3_000);
        assertThat(s.lastSeen()).isEqualTo(3_000);
        assertThat(s.counters().accepted()).isEqualTo(3);
        assertThat(s.counters().late()).isEqualTo(2);
        assertThat(s.counters().outOfOrder()).isEqualTo(2);
    }

    @Test
    void shouldBreakEqualEventTimesByHigherSeqThenFirstArrival() {
        f.pipe(reading("dev", "t", 1.0, 5_000, 7));
        f.pipe(reading("dev", "t", 2.0, 5_000, 9));   // higher seq wins
        f.pipe(reading("dev", "t", 3.0, 5_000, 8));   // lower seq loses
        f.pipe(reading("dev", "u", 4.0, 5_000));      // no seq ...
        f.pipe(reading("dev", "u", 5.0, 5_000, 0));   // ... loses to any seq
        f.pipe(reading("dev", "v", 6.0, 5_000, 3));
        f.pipe(reading("dev", "v", ReadingValue.of(7.0), 5_000, 3L, 6_000)); // duplicate identity: dropped

        DeviceState s = f.state("dev");
        assertThat(s.metrics().get("t").value()).isEqualTo(ReadingValue.of(2.0));
        assertThat(s.metrics().get("t").seq()).isEqualTo(9L);
        assertThat(s.metrics().get("u").value()).isEqualTo(ReadingValue.of(5.0));
        assertThat(s.metrics().get("v").value()).isEqualTo(ReadingValue.of(6.0));
        assertThat(s.counters().late()).isEqualTo(1);
        assertThat(s.counters().duplicates()).isEqualTo(1);
    }

    @Test
    void shouldUpdateStateImmediatelyNotAfterTheReorderDelay() {
        f.pipe(reading("dev", "t", 1.0, 1_000));

        assertThat(f.states.readValuesToList()).singleElement()
                .satisfies(s -> assertThat(s.metrics().get("t").value()).isEqualTo(ReadingValue.of(1.0)));
        assertThat(f.ordered.isEmpty()).isTrue(); // still held by the reorder buffer
    }

    @Test
    void shouldCountSequenceGapsOfInOrderReadings() {
        f.pipe(reading("dev", "t", 1.0, 1_000, 1));
        f.pipe(reading("dev", "u", 1.0, 1_000, 1));   // same message, other metric: no gap
        f.pipe(reading("dev", "t", 1.0, 2_000, 2));
        f.pipe(reading("dev", "t", 1.0, 5_000, 5));   // 3 and 4 missing
        assertThat(f.state("dev").counters().sequenceGaps()).isEqualTo(2);
        assertThat(f.state("dev").maxSeq()).isEqualTo(5L);

        f.pipe(reading("dev", "t", 1.0, 3_000, 3));   // out of order: leaves the sequence alone
        assertThat(f.state("dev").counters().sequenceGaps()).isEqualTo(2);
        assertThat(f.state("dev").counters().outOfOrder()).isEqualTo(1);

        f.pipe(reading("dev", "t", 1.0, 9_000, 0));   // newer reading, lower seq: the device restarted
        f.pipe(reading("dev", "t", 1.0, 10_000, 1));
        assertThat(f.state("dev").counters().sequenceGaps()).isEqualTo(2);
        assertThat(f.state("dev").maxSeq()).isEqualTo(1L);
    }

    @Test
    void shouldMarkSilentDeviceOfflineByWallClockWithoutNewInputAndOnlineAgainOnData() {
        // wall clock starts at 0; the reading was received at 1_005
        f.pipe(reading("quiet", "t", 1.0, 1_000));
        f.pipe(reading("busy", "t", 1.0, 200_000));
        f.states.readRecordsToList();

        f.advanceWallClock(Duration.ofSeconds(290));
        assertThat(f.state("quiet").status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(f.states.isEmpty()).isTrue();

        f.advanceWallClock(Duration.ofSeconds(20)); // now 310 s: 'quiet' silent for more than 5 min
        List<TestRecord<String, DeviceState>> out = f.states.readRecordsToList();
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("quiet");
            assertThat(r.value().status()).isEqualTo(DeviceStatus.OFFLINE);
            assertThat(r.value().metrics().get("t").value()).isEqualTo(ReadingValue.of(1.0));
            assertThat(r.timestamp()).isEqualTo(1_005L);
        });
        assertThat(f.state("quiet").status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(f.state("busy").status()).isEqualTo(DeviceStatus.ONLINE);

        f.advanceWallClock(Duration.ofSeconds(30)); // already OFFLINE: not published again
        assertThat(f.states.isEmpty()).isTrue();

        f.pipe(reading("quiet", "t", 2.0, 2_000));  // even an old reading is data: ONLINE
        assertThat(f.state("quiet").status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void shouldMarkOfflineADeviceFirstSeenAfterACheckWithAnOlderReceiptTime() {
        // GIVEN a check that found nothing silent and 'busy' (received at 200 s) as the oldest ONLINE device
        f.pipe(reading("busy", "t", 1.0, 200_000));
        f.advanceWallClock(Duration.ofSeconds(60));
        f.states.readRecordsToList();

        // WHEN a device appears whose reading was received long before that (1 s), then stays silent
        f.pipe(reading("late-comer", "t", 1.0, 1_000));
        f.states.readRecordsToList();
        f.advanceWallClock(Duration.ofSeconds(250)); // now 310 s: silent for more than 5 min

        // THEN the next check does not skip it
        assertThat(f.state("late-comer").status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(f.state("busy").status()).isEqualTo(DeviceStatus.ONLINE);
    }
}
