package dev.telemetry.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropScheduleTest {

    private static List<Long> dropTicks(DropSchedule schedule, long ticks) {
        List<Long> out = new ArrayList<>();
        for (long t = 0; t < ticks; t++) {
            if (schedule.dropAfterTick()) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void shouldDropAfterTheSameTicksForTheSameSeedAndConnection() {
        List<Long> first = dropTicks(new DropSchedule(6, 100, 42, 3), 100_000);
        List<Long> again = dropTicks(new DropSchedule(6, 100, 42, 3), 100_000);

        assertThat(first).isNotEmpty().isEqualTo(again);
        assertThat(dropTicks(new DropSchedule(6, 100, 43, 3), 100_000)).isNotEqualTo(first);
        assertThat(dropTicks(new DropSchedule(6, 100, 42, 4), 100_000)).isNotEqualTo(first);
    }

    @Test
    void shouldDropAtTheConfiguredRatePerMinuteWithinTolerance() {
        // GIVEN 5 drops per minute on a connection ticking 200 times a second: p = 5 / 60 / 200
        DropSchedule schedule = new DropSchedule(5, 200, 7, 0);
        assertThat(schedule.probability()).isCloseTo(5.0 / 60 / 200, within(1e-12));

        // WHEN 600 simulated minutes of ticks are drawn
        long ticks = 600L * 60 * 200;
        int drops = dropTicks(schedule, ticks).size();

        // THEN about 3000 drops: Poisson sd is ~55, so +-5% is more than 2.5 sd
        assertThat(drops).isBetween(2850, 3150);
    }

    @Test
    void shouldNeverDropWhenTheRateIsZeroAndAlwaysWhenItExceedsTheTickRate() {
        assertThat(dropTicks(new DropSchedule(0, 10, 1, 0), 10_000)).isEmpty();
        assertThat(dropTicks(new DropSchedule(6000, 10, 1, 0), 100)).hasSize(100);
    }

    @Test
    void shouldRejectANegativeRateNamingTheOption() {
        assertThatThrownBy(() -> new DropSchedule(-1, 10, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--connection-drops");
    }
}
