package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.WindowAggregate;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** docs/semantics.md, rule 5: tumbling windows of 1 min with 5 min grace, final results only. */
class WindowTopologyTest {

    private static final long MIN = 60_000;
    private static final long GRACE = 5 * MIN;
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
    void shouldAggregateNegativeValuesWithFirstAndLastByEventTime() {
        f.pipe(reading("dev", "t", -1.0, 30_000));
        f.pipe(reading("dev", "t", -5.0, 10_000));   // first by event time, though it arrived second
        f.pipe(reading("dev", "t", -3.0, 50_000));   // last
        f.pipe(reading("dev", "t", -3.0, 20_000));
        f.pipe(reading("dev", "t", 7.0, MIN + GRACE)); // closes [0, 1 min)

        WindowAggregate w = f.aggregates.readValuesToList().get(0);
        assertThat(w.deviceId()).isEqualTo("dev");
        assertThat(w.metric()).isEqualTo("t");
        assertThat(w.windowStart()).isZero();
        assertThat(w.windowEnd()).isEqualTo(MIN);
        assertThat(w.count()).isEqualTo(4);
        assertThat(w.min()).isEqualTo(-5.0);
        assertThat(w.max()).isEqualTo(-1.0);  // not Double.MIN_VALUE, not 0
        assertThat(w.sum()).isEqualTo(-12.0);
        assertThat(w.mean()).isEqualTo(-3.0);
        assertThat(w.stdDev()).isCloseTo(Math.sqrt(2.0), within(1e-12)); // (4 + 4 + 0 + 0) / 4
        assertThat(w.first()).isEqualTo(-5.0);
        assertThat(w.firstTime()).isEqualTo(10_000);
        assertThat(w.last()).isEqualTo(-3.0);
        assertThat(w.lastTime()).isEqualTo(50_000);
        assertThat(w.unit()).isEqualTo("Cel");
        assertThat(w.closed()).isTrue();
    }

    @Test
    void shouldPutBoundaryTimestampsIntoTheWindowStartingThere() {
        f.pipe(reading("dev", "t", 1.0, 0));
        f.pipe(reading("dev", "t", 2.0, MIN - 1));
        f.pipe(reading("dev", "t", 3.0, MIN));

        assertThat(f.window("dev", "t", 0).count()).isEqualTo(2);
        assertThat(f.window("dev", "t", MIN).count()).isEqualTo(1);
        assertThat(f.window("dev", "t", MIN).first()).isEqualTo(3.0);
    }

    @Test
    void shouldEmitOnlyFinalResultsOnceTheGraceHasPassed() {
        f.pipe(reading("dev", "t", 1.0, 1_000));
        f.pipe(reading("dev", "u", 2.0, 2_000));
        f.pipe(reading("dev", "t", 3.0, MIN + GRACE - 1)); // stream time 1 ms short of closing [0, 1 min)
        assertThat(f.aggregates.isEmpty()).isTrue();
        // open windows are queryable while they are open
        assertThat(f.window("dev", "t", 0).closed()).isFalse();
        assertThat(f.window("dev", "t", 0).count()).isEqualTo(1);

        f.pipe(reading("other", "t", 4.0, MIN + GRACE));   // any device moves stream time: closes it
        List<TestRecord<String, WindowAggregate>> out = f.aggregates.readRecordsToList();
        assertThat(out).extracting(r -> r.key() + "/" + r.value().metric() + "@" + r.value().windowStart())
                .containsExactly("dev/t@0", "dev/u@0");
        assertThat(out.get(0).timestamp()).isEqualTo(1_000L);
        assertThat(f.window("dev", "t", 0).closed()).isTrue(); // still queryable, now final

        f.pipe(reading("other", "t", 5.0, 12 * MIN - 1)); // closes [5 min, 6 min) but not [6 min, 7 min)
        assertThat(f.aggregates.readValuesToList()).extracting(w -> w.deviceId() + "@" + w.windowStart())
                .containsExactly("dev@" + 5 * MIN);
        f.pipe(reading("other", "t", 6.0, 12 * MIN));     // closes [6 min, 7 min), never [0, 1 min) again
        assertThat(f.aggregates.readValuesToList()).extracting(w -> w.deviceId() + "@" + w.windowStart())
                .containsExactly("other@" + 6 * MIN);
    }

    @Test
    void shouldPublishWindowsClosedByAJumpOfStreamTimeLongerThanTheRetention() {
        // found by RecordedDataReplayTest: a device silent for hours must not lose its last windows
        f.pipe(reading("dev", "t", 1.0, 1_000));
        f.pipe(reading("dev", "t", 2.0, MIN + 1_000));
        f.pipe(reading("dev", "t", 3.0, 10 * 60 * MIN)); // ten hours later; retention is 1 h 6 min here

        assertThat(f.aggregates.readValuesToList()).extracting(WindowAggregate::windowStart)
                .containsExactly(0L, MIN);
    }

    @Test
    void shouldAcceptWithinGraceAndCountReadingsLaterThanGrace() {
        f.pipe(reading("dev", "t", 1.0, 1_000));
        f.pipe(reading("dev", "t", 1.0, MIN + GRACE - 1));
        f.pipe(reading("dev", "t", 2.0, 59_999));          // late, but within grace: counted in the window
        assertThat(f.window("dev", "t", 0).count()).isEqualTo(2);

        f.pipe(reading("dev", "t", 1.0, MIN + GRACE));     // closes [0, 1 min) with count 2
        f.pipe(reading("dev", "t", 9.0, 30_000));          // after the grace: not in any window, but counted

        assertThat(f.window("dev", "t", 0).count()).isEqualTo(2);
        assertThat(f.aggregates.readValuesToList()).singleElement()
                .satisfies(w -> assertThat(w.count()).isEqualTo(2));
        assertThat(f.state("dev").counters().tooLateForWindow()).isEqualTo(1);
        assertThat(f.state("dev").counters().accepted()).isEqualTo(5);
    }

    @Test
    void shouldBreakFirstAndLastTiesBySeq() {
        f.pipe(reading("dev", "t", 1.0, 5_000, 2));
        f.pipe(reading("dev", "t", 2.0, 5_000, 1));   // lower seq at the same time: the first
        f.pipe(reading("dev", "t", 3.0, 5_000, 3));   // higher seq: the last

        WindowAccumulator w = f.window("dev", "t", 0);
        assertThat(w.first()).isEqualTo(2.0);
        assertThat(w.last()).isEqualTo(3.0);
        assertThat(w.count()).isEqualTo(3);
    }

    @Test
    void shouldLetNonNumericReadingsMoveStreamTimeAndCloseWindows() {
        f.pipe(reading("dev", "t", 1.0, 1_000));
        f.pipe(reading("dev", "door", ReadingValue.of(true), MIN + GRACE, null, MIN + GRACE + 5));

        assertThat(f.aggregates.readValuesToList()).singleElement()
                .satisfies(w -> assertThat(w.metric()).isEqualTo("t"));
    }

    @Test
    void shouldAggregateOnlyNumericValues() {
        f.pipe(reading("dev", "door", ReadingValue.of(true), 1_000, null, 1_005));
        f.pipe(reading("dev", "mode", ReadingValue.of("eco"), 1_000, null, 1_005));

        assertThat(f.allWindows()).isEmpty();
        assertThat(f.state("dev").counters().accepted()).isEqualTo(2);
        assertThat(f.state("dev").counters().tooLateForWindow()).isZero();
    }
}
