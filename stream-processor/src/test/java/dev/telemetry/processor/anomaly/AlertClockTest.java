package dev.telemetry.processor.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertClockTest {

    @Test
    void shouldFollowStreamTimeMinusTheLagAndNeverGoBack() {
        AlertClock clock = new AlertClock(2_000, 10_000, 0);

        assertThat(clock.now(-1, 0)).isEqualTo(AlertClock.UNKNOWN);
        assertThat(clock.now(100_000, 1)).isEqualTo(98_000);
        assertThat(clock.now(100_500, 2)).isEqualTo(98_500);
        assertThat(clock.now(100_500, 9_000)).isEqualTo(98_500); // standing still, not yet idle
    }

    @Test
    void shouldCatchUpWithTheWallClockOnceIdle() {
        AlertClock clock = new AlertClock(2_000, 10_000, 0);
        clock.now(100_000, 1_000);

        assertThat(clock.now(100_000, 10_999)).isEqualTo(98_000);
        assertThat(clock.now(100_000, 11_000)).isEqualTo(108_000); // idle 10 s: all 10 s count
        assertThat(clock.now(100_000, 61_000)).isEqualTo(158_000);
        assertThat(clock.now(101_000, 62_000)).isEqualTo(158_000); // stream time moves again, below: kept
        assertThat(clock.now(170_000, 63_000)).isEqualTo(168_000);
    }

    @Test
    void shouldContinueFromThePersistedClock() {
        AlertClock clock = new AlertClock(2_000, 10_000, 0);
        clock.restore(500_000L, 0);

        assertThat(clock.now(-1, 5_000)).isEqualTo(500_000);
        assertThat(clock.now(-1, 20_000)).isEqualTo(520_000);
        assertThat(clock.now(100_000, 21_000)).isEqualTo(520_000);
    }
}
