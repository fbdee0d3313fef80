package dev.telemetry.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {

    @Test
    void shouldMatchTwoPassStatisticsEvenFarFromZero() {
        Random random = new Random(42);
        double[] values = new double[1_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1e9 + random.nextGaussian(); // sum-of-squares would lose all precision here
        }
        WindowAccumulator acc = WindowAccumulator.of(values[0], 0, null, "Pa");
        for (int i = 1; i < values.length; i++) {
            acc = acc.add(values[i], i, null, "Pa");
        }

        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        assertThat(acc.count()).isEqualTo(1_000);
        assertThat(acc.mean()).isCloseTo(mean, within(1e-6));
        assertThat(acc.stdDev()).isCloseTo(Math.sqrt(squares / values.length), within(1e-6));
        assertThat(acc.stdDev()).isBetween(0.9, 1.1);
    }

    @Test
    void shouldStartFromTheFirstValueNotFromAnIdentityThatHidesNegatives() {
        WindowAccumulator acc = WindowAccumulator.of(-7.0, 5, 1L, "Cel").add(-2.0, 6, 2L, "Cel");

        assertThat(acc.max()).isEqualTo(-2.0);
        assertThat(acc.min()).isEqualTo(-7.0);
        assertThat(acc.stdDev()).isEqualTo(2.5);
        assertThat(WindowAccumulator.of(3.0, 1, null, null).stdDev()).isZero();
    }

    @Test
    void shouldKeepFirstArrivalOnFullTiesAndLetAnySeqBeatNoSeq() {
        WindowAccumulator acc = WindowAccumulator.of(1.0, 10, null, "a")
                .add(2.0, 10, null, "b")      // full tie: first arrival stays first and last
                .add(3.0, 10, 4L, "c");       // a seq beats no seq for both first and last

        assertThat(acc.first()).isEqualTo(3.0);
        assertThat(acc.last()).isEqualTo(3.0);
        assertThat(acc.unit()).isEqualTo("c");
        assertThat(WindowAccumulator.of(1.0, 10, null, "a").add(2.0, 10, null, "b").last()).isEqualTo(1.0);
    }
}
