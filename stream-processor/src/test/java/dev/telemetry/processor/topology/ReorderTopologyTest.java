package dev.telemetry.processor.topology;

import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.time.Instant;
import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.Reading;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** docs/semantics.md, rule 4: the reorder buffer (delay 2 s) and telemetry.readings.ordered. */
class ReorderTopologyTest {

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
    void shouldReleaseInEventTimeOrderOnceOlderThanTheDelayBehindStreamTime() {
        f.pipe(reading("dev", "t", 1.0, 1_000));
        f.pipe(reading("dev", "t", 3.0, 3_000));    // stream time 3_000: releases <= 1_000
        assertThat(times(f.ordered.readRecordsToList())).containsExactly(1_000L);

        f.pipe(reading("dev", "t", 2.0, 2_000));    // out of order, but its slot is still open
        f.pipe(reading("dev", "t", 4.0, 4_999));    // stream time 4_999: releases <= 2_999
        assertThat(times(f.ordered.readRecordsToList())).containsExactly(2_000L);

        f.pipe(reading("dev", "t", 5.0, 5_000));    // releases <= 3_000 (exactly the delay old)
        List<TestRecord<String, Reading>> out = f.ordered.readRecordsToList();
        assertThat(times(out)).containsExactly(3_000L);
        assertThat(out.get(0).key()).isEqualTo("dev");
        assertThat(out.get(0).headers().lastHeader(ReorderProcessor.LATE_HEADER)).isNull();
    }

    @Test
    void shouldRepublishEachInputRecordByteForByte() {
        // field order, spacing and a field this version does not know: the ordered topic carries the record as
        // it came, not a re-encoding of what the processor understood of it
        String first = "{ \"metric\":\"t\", \"deviceId\":\"dev\", \"value\":1.50, \"eventTime\":1000,"
                + " \"timeSource\":\"DEVICE\", \"receivedAt\":1000, \"firmware\":\"2.1\","
                + " \"source\":{\"mqttTopic\":\"s/dev\",\"format\":\"json\",\"gatewayId\":\"g\"}}";
        TestInputTopic<String, String> raw = f.driver.createInputTopic(TopologyFixture.READINGS,
                new StringSerializer(), new StringSerializer());
        raw.pipeInput(new TestRecord<>("dev", first, Instant.ofEpochMilli(1_000)));
        f.pipe(reading("dev", "t", 2.0, 5_000));

        TestOutputTopic<String, String> ordered = f.driver.createOutputTopic(TopologyFixture.ORDERED,
                new StringDeserializer(), new StringDeserializer());
        assertThat(ordered.readValuesToList()).containsExactly(first);
    }

    @Test
    void shouldFlagReadingsArrivingAfterYoungerOnesWereReleasedAsLate() {
        f.pipe(reading("dev", "t", 1.0, 1_000));
        f.pipe(reading("dev", "t", 2.0, 5_000));    // releases 1_000
        f.ordered.readRecordsToList();

        f.pipe(reading("dev", "t", 0.5, 500));      // older than what was released for dev
        f.pipe(reading("dev", "u", 1.5, 1_000));    // as old as what was released: still in order

        List<TestRecord<String, Reading>> out = f.ordered.readRecordsToList();
        assertThat(times(out)).containsExactly(500L, 1_000L);
        assertThat(late(out.get(0))).isTrue();
        assertThat(late(out.get(1))).isFalse();
    }

    @Test
    void shouldKeepOrderPerDeviceAcrossInterleavedDevicesAndBreakTiesBySeq() {
        f.pipe(reading("a", "t", 1.0, 2_000, 2));
        f.pipe(reading("b", "t", 1.0, 1_500, 1));
        f.pipe(reading("a", "t", 1.0, 2_000, 1));   // same time, lower seq: goes first
        f.pipe(reading("a", "t", 1.0, 1_000, 0));
        f.pipe(reading("b", "t", 1.0, 1_200, 0));
        f.pipe(reading("x", "t", 1.0, 10_000));     // stream time 10_000: everything above is due

        List<TestRecord<String, Reading>> out = f.ordered.readRecordsToList();
        assertThat(out).extracting(r -> r.key() + "@" + r.timestamp() + "#" + r.value().seq())
                .containsExactly("a@1000#0", "b@1200#0", "b@1500#1", "a@2000#1", "a@2000#2");
    }

    @Test
    void shouldFlushAQuietPartitionByWallClock() {
        f.pipe(reading("dev", "t", 2.0, 1_500));
        f.pipe(reading("dev", "t", 1.0, 1_000));

        f.advanceWallClock(Duration.ofMillis(1_999));
        assertThat(f.ordered.isEmpty()).isTrue();

        f.advanceWallClock(Duration.ofMillis(1));    // waited reorder.delay in wall-clock time
        assertThat(times(f.ordered.readRecordsToList())).containsExactly(1_000L, 1_500L);

        f.pipe(reading("dev", "t", 3.0, 1_200));     // after the flush: late
        assertThat(f.ordered.readRecordsToList()).singleElement().satisfies(r -> assertThat(late(r)).isTrue());
    }

    @Test
    void shouldNotFlushByWallClockWhileStreamTimeMoves() {
        f.pipe(reading("dev", "t", 1.0, 10_000));
        f.advanceWallClock(Duration.ofMillis(1_500));
        f.pipe(reading("dev", "t", 1.0, 10_500));    // stream time moved 1.5 s of wall time later
        f.advanceWallClock(Duration.ofMillis(1_000)); // 2.5 s since the first, 1 s since stream time moved

        assertThat(f.ordered.isEmpty()).isTrue();
    }

    @Test
    void shouldLeaveDuplicatesOut() {
        f.pipe(reading("dev", "t", 1.0, 1_000, 1));
        f.pipe(reading("dev", "t", 1.0, 1_000, 1));
        f.pipe(reading("dev", "t", 1.0, 9_000, 2));

        assertThat(times(f.ordered.readRecordsToList())).containsExactly(1_000L);
    }

    private static List<Long> times(List<TestRecord<String, Reading>> records) {
        return records.stream().map(TestRecord::timestamp).toList();
    }

    private static boolean late(TestRecord<String, Reading> r) {
        Header h = r.headers().lastHeader(ReorderProcessor.LATE_HEADER);
        return h != null && "true".equals(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
