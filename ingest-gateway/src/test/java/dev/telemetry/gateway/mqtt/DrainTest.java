package dev.telemetry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

class DrainTest {

    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final long DEADLINE = seconds(30);

    private final FakeSession session = new FakeSession();
    private final FakeClock clock = new FakeClock();
    private final Drain drain = new Drain(session, clock, QUIET);

    @Test
    void shouldBeDrainedOneQuietPeriodAfterTheUnsubscribeWhenNothingArrives() {
        String outcome = drain.await(CompletableFuture.completedFuture(null), DEADLINE);

        assertThat(outcome).isNull();
        assertThat(clock.now).isEqualTo(QUIET.toNanos());
    }

    @Test
    void shouldRestartTheQuietPeriodOnEveryArrival() {
        // GIVEN messages arrive at 1 s, 2.5 s and 4 s
        clock.onSleep = now -> {
            if (now == seconds(1) || now == millis(2_500) || now == seconds(4)) {
                session.lastArrival = now;
            }
        };

        String outcome = drain.await(CompletableFuture.completedFuture(null), DEADLINE);

        assertThat(outcome).isNull();
        assertThat(clock.now).isEqualTo(seconds(4) + QUIET.toNanos());
    }

    @Test
    void shouldNotBeDrainedWhileMessagesWaitForKafka() {
        // GIVEN Kafka answers the last message only at 7 s, which is also when it is acknowledged
        session.idle = false;
        clock.onSleep = now -> {
            if (now == seconds(7)) {
                session.idle = true;
            }
        };

        String outcome = drain.await(CompletableFuture.completedFuture(null), DEADLINE);

        assertThat(outcome).isNull();
        assertThat(clock.now).isEqualTo(seconds(7));
    }

    @Test
    void shouldRestartTheQuietPeriodAfterAReconnectAndNeverEndWhileDisconnected() {
        // GIVEN the connection drops at 1 s and comes back at 5 s: the broker resends only after the reconnect
        clock.onSleep = now -> {
            if (now == seconds(1)) {
                session.connected = false;
            } else if (now == seconds(5)) {
                session.connected = true;
                session.connectedAt = now;
            }
        };

        String outcome = drain.await(CompletableFuture.completedFuture(null), DEADLINE);

        assertThat(outcome).isNull();
        assertThat(clock.now).isEqualTo(seconds(5) + QUIET.toNanos());
    }

    @Test
    void shouldGiveUpAtTheDeadlineSayingWhy() {
        session.connected = false;

        String outcome = drain.await(CompletableFuture.completedFuture(null), DEADLINE);

        assertThat(outcome).contains("not connected").contains("mqtt.shutdown.drain-timeout");
        assertThat(clock.now).isEqualTo(DEADLINE);
    }

    @Test
    void shouldGiveUpWhileMessagesKeepArriving() {
        clock.onSleep = now -> session.lastArrival = now;

        String outcome = drain.await(CompletableFuture.completedFuture(null), DEADLINE);

        assertThat(outcome).contains("still arriving");
        assertThat(clock.now).isEqualTo(DEADLINE);
    }

    @Test
    void shouldNotDrainWhenTheUnsubscribeFailed() {
        String outcome = drain.await(CompletableFuture.failedFuture(new IllegalStateException("refused 0x87")),
                DEADLINE);

        assertThat(outcome).contains("cannot unsubscribe").contains("refused 0x87");
    }

    @Test
    void shouldStopAndKeepTheInterruptFlagWhenInterrupted() {
        clock.interruptAt = seconds(1);
        try {
            String outcome = drain.await(CompletableFuture.completedFuture(null), DEADLINE);

            assertThat(outcome).contains("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    private static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private static final class FakeSession implements Drain.Session {
        boolean connected = true;
        long connectedAt;
        long lastArrival;
        boolean idle = true;

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public long connectedAt() {
            return connectedAt;
        }

        @Override
        public long lastArrival() {
            return lastArrival;
        }

        @Override
        public boolean idle() {
            return idle;
        }
    }

    /** Starts at 0; each sleep advances it, then lets the test change the session at the new time. */
    private static final class FakeClock implements Drain.Clock {
        long now;
        long interruptAt = Long.MAX_VALUE;
        LongConsumer onSleep = t -> { };

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            now += TimeUnit.MILLISECONDS.toNanos(millis);
            if (now >= interruptAt) {
                throw new InterruptedException("test");
            }
            onSleep.accept(now);
        }
    }
}
