package dev.telemetry.simulator.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RatePlanTest {

    @Test
    void shouldDeriveMessageRateAndDeviceIntervalFromReadingsPerSecond() {
        // GIVEN 100 devices, 3 metrics per message, 1000 readings/s
        RatePlan plan = new RatePlan(100, 3, 1000);

        // THEN 333.3 messages/s, one every 3 ms, and each device every 300 ms
        assertThat(plan.messagesPerSecond()).isCloseTo(333.333, within(0.001));
        assertThat(plan.messagePeriodNanos()).isCloseTo(3_000_000.0, within(1e-6));
        assertThat(plan.deviceInterval()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldSpreadDevicesEvenlyOverTheInterval() {
        RatePlan plan = new RatePlan(500, 3, 5000); // 1666.7 msg/s, every device each 300 ms

        assertThat(plan.offsetNanos(plan.globalTick(0, 0))).isZero();
        assertThat(plan.offsetNanos(plan.globalTick(0, 1))).isEqualTo(600_000L);
        assertThat(plan.offsetNanos(plan.globalTick(0, 499))).isEqualTo(299_400_000L);
        assertThat(plan.offsetNanos(plan.globalTick(1, 0))).isEqualTo(300_000_000L);
        assertThat(plan.offsetNanos(plan.globalTick(10, 7)) - plan.offsetNanos(plan.globalTick(9, 7)))
                .isEqualTo(300_000_000L);
    }

    @Test
    void shouldComputeDeadlinesFromTheStartSoRoundingNeverAccumulates() {
        RatePlan plan = new RatePlan(1, 3, 7); // 428571428.571... ns between messages

        assertThat(plan.offsetNanos(1_000_000)).isEqualTo(428_571_428_571_429L);
        assertThat(plan.offsetNanos(7)).isEqualTo(3_000_000_000L);
    }

    @Test
    void shouldRoundReadingCountsUpToWholeMessages() {
        RatePlan plan = new RatePlan(10, 3, 100);

        assertThat(plan.messagesFor(9)).isEqualTo(3);
        assertThat(plan.messagesFor(10)).isEqualTo(4);
        assertThat(plan.messagesFor(1)).isEqualTo(1);
    }

    @Test
    void shouldSplitDevicesIntoDisjointInterleavedShards() {
        RatePlan plan = new RatePlan(10, 3, 100);

        assertThat(plan.devicesOfShard(1, 4)).containsExactly(1, 5, 9);
        int[] all = IntStream.range(0, 4).flatMap(s -> Arrays.stream(plan.devicesOfShard(s, 4))).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 10).toArray());
    }

    @Test
    void shouldRejectNonPositiveRatesAndEmptyFleets() {
        assertThatThrownBy(() -> new RatePlan(10, 3, 0)).hasMessageContaining("readingsPerSecond");
        assertThatThrownBy(() -> new RatePlan(10, 3, Double.NaN)).hasMessageContaining("readingsPerSecond");
        assertThatThrownBy(() -> new RatePlan(0, 3, 10)).hasMessageContaining("devices");
    }
}
