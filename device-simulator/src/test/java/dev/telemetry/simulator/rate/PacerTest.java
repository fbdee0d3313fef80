package dev.telemetry.simulator.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START = 1_000 * MS;

    /** A clock that only moves when the pacer parks (or a test handler says so). */
    private static final class FakeTicker implements Ticker {
        long now = START;
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

    private record Tick(int device, long tick, long atMillis) {
    }

    private final FakeTicker ticker = new FakeTicker();
    private final List<Tick> ticks = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    private Pacer.TickHandler recording() {
        return (device, tick) -> ticks.add(new Tick(device, tick, (ticker.now - START) / MS));
    }

    private Pacer pacer(RatePlan plan, int[] devices, long endNanos, long maxMessages, Pacer.TickHandler handler) {
        return new Pacer(plan, devices, START, endNanos, maxMessages, 1_000 * MS, ticker, stop::get, handler);
    }

    @Test
    void shouldTickEveryDeviceInTurnAtItsDeadline() {
        // GIVEN 4 devices, 1 metric per message, 4 readings/s: one message every 250 ms
        RatePlan plan = new RatePlan(4, 1, 4);

        pacer(plan, plan.devicesOfShard(0, 1), Pacer.UNLIMITED, 6, recording()).run();

        assertThat(ticks).containsExactly(new Tick(0, 0, 0), new Tick(1, 1, 250), new Tick(2, 2, 500),
                new Tick(3, 3, 750), new Tick(0, 4, 1000), new Tick(1, 5, 1250));
    }

    @Test
    void shouldStopBeforeTheFirstTickDueAtTheEnd() {
        RatePlan plan = new RatePlan(4, 1, 4);

        pacer(plan, plan.devicesOfShard(0, 1), START + 1_000 * MS, Pacer.UNLIMITED, recording()).run();

        assertThat(ticks).extracting(Tick::atMillis).containsExactly(0L, 250L, 500L, 750L);
    }

    @Test
    void shouldTickOnlyItsShardAtTheGlobalSchedule() {
        RatePlan plan = new RatePlan(4, 1, 4);

        pacer(plan, plan.devicesOfShard(1, 2), Pacer.UNLIMITED, 8, recording()).run();

        assertThat(ticks).containsExactly(new Tick(1, 1, 250), new Tick(3, 3, 750), new Tick(1, 5, 1250),
                new Tick(3, 7, 1750));
    }

    @Test
    void shouldCatchUpWithoutWaitingWhenSlightlyBehind() {
        RatePlan plan = new RatePlan(4, 1, 4);
        Pacer.TickHandler slowFirst = (device, tick) -> {
            recording().onTick(device, tick);
            if (tick == 0) {
                ticker.now += 600 * MS; // a slow publish: ticks 1 and 2 are now overdue
            }
        };

        Pacer pacer = pacer(plan, plan.devicesOfShard(0, 1), Pacer.UNLIMITED, 5, slowFirst);
        pacer.run();

        assertThat(ticks).extracting(Tick::atMillis).containsExactly(0L, 600L, 600L, 750L, 1000L);
        assertThat(pacer.lagResets()).isZero();
    }

    @Test
    void shouldSkipTheMissedTimeInsteadOfBurstingWhenFarBehind() {
        RatePlan plan = new RatePlan(4, 1, 4);
        Pacer.TickHandler stalled = (device, tick) -> {
            recording().onTick(device, tick);
            if (tick == 1) {
                ticker.now += 3_000 * MS; // e.g. the broker stopped acknowledging for 3 s
            }
        };

        Pacer pacer = pacer(plan, plan.devicesOfShard(0, 1), Pacer.UNLIMITED, 5, stalled);
        pacer.run();

        // tick 2 was due at 500 ms and runs at 3250 ms; the schedule restarts from there
        assertThat(ticks).extracting(Tick::atMillis).containsExactly(0L, 250L, 3250L, 3500L, 3750L);
        assertThat(pacer.lagResets()).isEqualTo(1);
    }

    @Test
    void shouldStopWhenRequested() {
        RatePlan plan = new RatePlan(4, 1, 4);
        Pacer.TickHandler stopAfterThree = (device, tick) -> {
            recording().onTick(device, tick);
            stop.set(ticks.size() == 3);
        };

        pacer(plan, plan.devicesOfShard(0, 1), Pacer.UNLIMITED, Pacer.UNLIMITED, stopAfterThree).run();

        assertThat(ticks).hasSize(3);
    }

    @Test
    void shouldKeepTheInterruptFlagAndStopWhenInterrupted() throws Exception {
        RatePlan plan = new RatePlan(4, 1, 4);
        Pacer.TickHandler interrupted = (device, tick) -> {
            recording().onTick(device, tick);
            throw new InterruptedException("test");
        };
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            pacer(plan, plan.devicesOfShard(0, 1), Pacer.UNLIMITED, Pacer.UNLIMITED, interrupted).run();
            flagKept.set(Thread.currentThread().isInterrupted());
        });

        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(ticks).hasSize(1);
        assertThat(flagKept).isTrue();
    }

    @Test
    void shouldParkOncePerTickRatherThanSpin() {
        RatePlan plan = new RatePlan(100, 3, 3000); // one message per ms

        pacer(plan, plan.devicesOfShard(0, 1), Pacer.UNLIMITED, 1000, recording()).run();

        assertThat(ticks).hasSize(1000);
        assertThat(ticker.parks).isLessThanOrEqualTo(1000);
    }
}
