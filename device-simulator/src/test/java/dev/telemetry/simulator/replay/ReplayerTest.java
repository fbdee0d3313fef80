package dev.telemetry.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.mqtt.Publisher;
import dev.telemetry.simulator.rate.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ReplayerTest {

    private static final long START_NANOS = 1_000_000_000L;
    private static final long START_WALL = 1_700_000_000_000L;

    /** A clock that moves only when the replayer parks. */
    private static final class FakeTicker implements Ticker {
        long now = START_NANOS;
        int parks;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkNanos(long nanos) {
            parks++;
            now += nanos;
        }
    }

    private record Sent(String topic, String payload, long atNanos) {
    }

    /** Captures what is published and when, on the fake clock. */
    private static final class FakePublisher implements Publisher {
        final FakeTicker clock;
        final List<Sent> sent = new ArrayList<>();

        FakePublisher(FakeTicker clock) {
            this.clock = clock;
        }

        @Override
        public boolean publish(String topic, Outgoing outgoing, BooleanSupplier stop) {
            sent.add(new Sent(topic, new String(outgoing.payload(), StandardCharsets.UTF_8), clock.nanoTime()));
            return true;
        }

        @Override
        public int inFlight() {
            return 0;
        }

        @Override
        public boolean awaitSettled(Duration timeout) {
            return true;
        }

        @Override
        public boolean dropConnection() {
            return false;
        }

        @Override
        public long reconnects() {
            return 0;
        }

        @Override
        public String clientId() {
            return "fake";
        }

        @Override
        public long close(Duration timeout) {
            return 0;
        }
    }

    /** NAB-like: one reading every 5 minutes, one step back in time. */
    private static List<ReplayItem> items() {
        long t0 = 1_386_018_900_000L;
        long[] times = {t0, t0 + 300_000, t0 + 600_000, t0 + 540_000, t0 + 900_000};
        List<ReplayItem> out = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            out.add(new DatasetReading("nab", times[i], List.of(new DatasetReading.Value("v", i))).asItem("s"));
        }
        return out;
    }

    private static long ts(Sent s) {
        String p = s.payload();
        int at = p.indexOf("\"ts\":") + 5;
        return Long.parseLong(p.substring(at, p.indexOf(',', at)));
    }

    private static List<Long> offsetsMillis(FakePublisher publisher) {
        return publisher.sent.stream().map(s -> TimeUnit.NANOSECONDS.toMillis(s.atNanos() - START_NANOS)).toList();
    }

    @Test
    void shouldKeepTheOriginalInterArrivalTimesAtSpeedOne() throws Exception {
        FakeTicker clock = new FakeTicker();
        FakePublisher publisher = new FakePublisher(clock);

        long sent = new Replayer(clock, () -> START_WALL, () -> false).run(items(), 1, false, publisher);

        assertThat(sent).isEqualTo(5);
        // the step back in time (540 s after 600 s) is sent at once, not early
        assertThat(offsetsMillis(publisher)).containsExactly(0L, 300_000L, 600_000L, 600_000L, 900_000L);
        assertThat(publisher.sent).extracting(ReplayerTest::ts)
                .containsExactly(1_386_018_900_000L, 1_386_019_200_000L, 1_386_019_500_000L, 1_386_019_440_000L,
                        1_386_019_800_000L);
    }

    @Test
    void shouldScaleTheWaitsBySpeedAndShiftEventTimesToTheReplaysOwnPace() throws Exception {
        FakeTicker clock = new FakeTicker();
        FakePublisher publisher = new FakePublisher(clock);

        new Replayer(clock, () -> START_WALL, () -> false).run(items(), 100, true, publisher);

        assertThat(offsetsMillis(publisher)).containsExactly(0L, 3_000L, 6_000L, 6_000L, 9_000L);
        assertThat(publisher.sent).extracting(ReplayerTest::ts)
                .containsExactly(START_WALL, START_WALL + 3_000, START_WALL + 6_000, START_WALL + 6_000,
                        START_WALL + 9_000);
    }

    @Test
    void shouldNeverWaitAtMaximumSpeedAndStampTheSendingTimeWhenShifting() throws Exception {
        FakeTicker clock = new FakeTicker();
        FakePublisher publisher = new FakePublisher(clock);
        long[] wall = {START_WALL};

        new Replayer(clock, () -> wall[0]++, () -> false).run(items(), Double.POSITIVE_INFINITY, true, publisher);

        assertThat(clock.parks).isZero();
        assertThat(publisher.sent).hasSize(5);
        assertThat(publisher.sent).extracting(ReplayerTest::ts).isSorted().doesNotHaveDuplicates()
                .allMatch(t -> t > START_WALL && t <= START_WALL + 10);
    }

    @Test
    void shouldStopEarlyWhenAskedWhileWaiting() throws Exception {
        FakeTicker clock = new FakeTicker();
        FakePublisher publisher = new FakePublisher(clock);

        long sent = new Replayer(clock, () -> START_WALL, () -> clock.now - START_NANOS > 400_000_000_000L)
                .run(items(), 1, false, publisher);

        assertThat(sent).isEqualTo(2);
        assertThat(publisher.sent).hasSize(2);
    }
}
