package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topology tells its observer (the metrics) what happened, once per thing that happened. */
class TopologyEventsTest {

    private final List<DeviceCounters> counted = new ArrayList<>();
    private final List<Reading> reflected = new ArrayList<>();
    private final AtomicInteger offline = new AtomicInteger();
    private final AtomicInteger windows = new AtomicInteger();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger metricsDropped = new AtomicInteger();

    private final TopologyEvents recorder = new TopologyEvents() {
        @Override
        public void counted(DeviceCounters before, DeviceCounters after) {
            counted.add(after);
        }

        @Override
        public void reflected(Reading reading, long now) {
            reflected.add(reading);
        }

        @Override
        public void wentOffline() {
            offline.incrementAndGet();
        }

        @Override
        public void windowClosed() {
            windows.incrementAndGet();
        }

        @Override
        public void buffered(int delta) {
            buffered.addAndGet(delta);
        }

        @Override
        public void metricDropped() {
            metricsDropped.incrementAndGet();
        }
    };

    private final TopologyFixture f = new TopologyFixture("topology-events", new TopologyConfig("r", "s", "o", "a",
            Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofHours(2)), 0, recorder);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldReportCountsReflectedReadingsWindowsBufferAndOffline() {
        Reading first = reading("dev", "t", 1.0, 10_000, 1);
        Reading newer = reading("dev", "t", 2.0, 20_000, 2);
        Reading late = reading("dev", "t", 0.5, 15_000, 3);
        f.pipe(first, newer, first, late);        // the second `first` is a duplicate

        assertThat(counted).hasSize(4);
        assertThat(counted.get(3).accepted()).isEqualTo(3);
        assertThat(counted.get(3).duplicates()).isEqualTo(1);
        assertThat(counted.get(3).late()).isEqualTo(1);
        // only readings that became their metric's current value
        assertThat(reflected).containsExactly(first, newer);
        // released up to 20 000 - 2 000: 10 000, and 15 000 as soon as it came; 20 000 is still held
        assertThat(buffered.get()).isEqualTo(1);

        // stream time past the first window's end + grace closes it
        f.pipe(reading("dev", "t", 3.0, Duration.ofMinutes(7).toMillis(), 4));
        assertThat(windows.get()).isEqualTo(1);

        f.advanceWallClock(Duration.ofMinutes(20)); // wall clock starts at 0: well past lastReceived + 5 min
        assertThat(offline.get()).isEqualTo(1);
        assertThat(buffered.get()).isZero();
    }

    @Test
    void shouldReportReadingsOfMetricsBeyondTheStateLimit() {
        TopologyConfig two = new TopologyConfig("r2", "s2", "o2", "a2", Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(2))
                .withMaxMetricsPerDevice(2);
        try (TopologyFixture limited = new TopologyFixture("topology-events-limit", two, 0, recorder)) {
            limited.pipe(reading("dev", "a", 1.0, 10_000, 1), reading("dev", "b", 1.0, 10_001, 2),
                    reading("dev", "c", 1.0, 10_002, 3), reading("dev", "a", 2.0, 10_003, 4));

            assertThat(metricsDropped.get()).isEqualTo(1);
            assertThat(limited.state("dev").metrics()).containsOnlyKeys("a", "b");
            assertThat(limited.state("dev").metrics().get("a").value()).isEqualTo(ReadingValue.of(2.0));
        }
    }
}
