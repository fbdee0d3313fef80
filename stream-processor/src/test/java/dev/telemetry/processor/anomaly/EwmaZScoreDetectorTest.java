package dev.telemetry.processor.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.telemetry.processor.anomaly.stat.StreamingDetector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EwmaZScoreDetectorTest {

    private final EwmaZScoreDetector detector = new EwmaZScoreDetector(0.05, 30);

    @Test
    void shouldScoreZeroWhileLearningAndExpectTheMovingMean() {
        EwmaZScoreDetector.State s = detector.initial();
        for (int i = 0; i < 29; i++) {
            StreamingDetector.Scored<EwmaZScoreDetector.State> r = detector.update(s, i, i % 2 == 0 ? 1000 : -1000);
            assertThat(r.score()).isZero();
            s = r.state();
        }
        StreamingDetector.Scored<EwmaZScoreDetector.State> r = detector.update(s, 30, 5);
        assertThat(r.expected()).isEqualTo(s.mean());
    }

    @Test
    void shouldScoreNoiseLowAndASpikeNearOne() {
        Random noise = new Random(1);
        EwmaZScoreDetector.State s = detector.initial();
        double highestNoiseScore = 0;
        for (int i = 0; i < 500; i++) {
            StreamingDetector.Scored<EwmaZScoreDetector.State> r = detector.update(s, i, 10 + noise.nextGaussian());
            if (i > 100) {
                highestNoiseScore = Math.max(highestNoiseScore, r.score());
            }
            s = r.state();
        }
        StreamingDetector.Scored<EwmaZScoreDetector.State> spike = detector.update(s, 500, 20);

        assertThat(highestNoiseScore).isLessThan(0.9999);
        assertThat(spike.score()).isGreaterThan(0.99999);
        assertThat(spike.expected()).isCloseTo(10, within(0.5));
    }

    @Test
    void shouldScoreByTheNormalDistribution() {
        assertThat(EwmaZScoreDetector.erf(0)).isCloseTo(0, within(1e-6));
        assertThat(EwmaZScoreDetector.erf(1 / Math.sqrt(2))).isCloseTo(0.682689, within(1e-6)); // |z| < 1
        assertThat(EwmaZScoreDetector.erf(3 / Math.sqrt(2))).isCloseTo(0.997300, within(1e-6)); // |z| < 3
    }

    @Test
    void shouldCallAnyChangeOfAConstantSeriesAnOutlier() {
        EwmaZScoreDetector.State s = detector.initial();
        for (int i = 0; i < 40; i++) {
            s = detector.update(s, i, 7).state();
        }
        assertThat(detector.update(s, 40, 7).score()).isZero();
        assertThat(detector.update(s, 40, 7.5).score()).isEqualTo(1);
    }
}
