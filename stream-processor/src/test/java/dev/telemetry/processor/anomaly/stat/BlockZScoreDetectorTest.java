package dev.telemetry.processor.anomaly.stat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.model.Json;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockZScoreDetectorTest {

    private static final ObjectMapper JSON = Json.mapper();
    private final BlockZScoreDetector detector = new BlockZScoreDetector();

    @Test
    void shouldKeepItsStateBoundedAfterOneHundredThousandValues() throws Exception {
        Random random = new Random(7);
        BlockZScoreDetector.State state = detector.initial();
        for (int i = 0; i < 100_000; i++) {
            state = detector.update(state, i * 60_000L, 20 + 3 * random.nextGaussian()).state();
        }

        assertThat(state.blocks()).hasSize(BlockZScoreDetector.DEFAULT_BLOCK_COUNT - 1);
        assertThat(state.current().count()).isLessThan(BlockZScoreDetector.DEFAULT_BLOCK_SIZE);
        assertThat(JSON.writeValueAsBytes(state).length).isLessThan(8_000);
    }

    @Test
    void shouldRoundTripItsStateThroughTheWireMapperAndGoOnIdentically() throws Exception {
        Random random = new Random(11);
        BlockZScoreDetector.State state = detector.initial();
        for (int i = 0; i < 1_234; i++) {
            state = detector.update(state, i, Math.sin(i / 10.0) + random.nextGaussian() * 0.1).state();
        }

        BlockZScoreDetector.State copy = JSON.readValue(JSON.writeValueAsBytes(state), detector.stateClass());

        assertThat(copy).isEqualTo(state);
        for (int i = 0; i < 300; i++) {
            double x = random.nextGaussian() * (i == 150 ? 50 : 1);
            StreamingDetector.Scored<BlockZScoreDetector.State> a = detector.update(state, i, x);
            StreamingDetector.Scored<BlockZScoreDetector.State> b = detector.update(copy, i, x);
            assertThat(b.score()).isEqualTo(a.score());
            state = a.state();
            copy = b.state();
        }
    }

    @Test
    void shouldNeverThrowAndAlwaysScoreWithinZeroAndOneOnExtremeFiniteValues() throws Exception {
        double[] extremes = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, 0.0, -0.0,
            1e308, -1e308, 1e154, -1e154, 1e-308, 42.0, Double.MIN_NORMAL};
        Random random = new Random(3);
        BlockZScoreDetector.State state = detector.initial();
        for (int i = 0; i < 20_000; i++) {
            double x = random.nextInt(4) == 0 ? extremes[random.nextInt(extremes.length)]
                    : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            StreamingDetector.Scored<BlockZScoreDetector.State> scored = detector.update(state, i, x);
            assertThat(scored.score()).as("value %s", x).isBetween(0.0, 1.0);
            state = scored.state();
            assertThat(state.current().isFinite()).isTrue();
        }
        // plain JSON numbers only: no NaN or Infinity tokens that a strict reader would reject
        String json = JSON.writeValueAsString(state);
        assertThat(json).doesNotContain("NaN", "Infinity");
        assertThat(JSON.readValue(json, detector.stateClass())).isEqualTo(state);
    }

    @Test
    void shouldScoreANonFiniteInputZeroAndNotLearnIt() {
        BlockZScoreDetector.State state = detector.update(detector.initial(), 0, 1.0).state();

        StreamingDetector.Scored<BlockZScoreDetector.State> scored = detector.update(state, 1, Double.NaN);

        assertThat(scored.score()).isZero();
        assertThat(scored.state()).isEqualTo(state);
    }

    @Test
    void shouldStaySilentDuringTheFirstBlockThenFlagASpikeOnce() {
        Random random = new Random(5);
        BlockZScoreDetector.State state = detector.initial();
        for (int i = 0; i < 500; i++) {
            StreamingDetector.Scored<BlockZScoreDetector.State> s = detector.update(state, i, random.nextGaussian());
            if (i < BlockZScoreDetector.DEFAULT_BLOCK_SIZE) {
                assertThat(s.score()).isZero();
            }
            state = s.state();
        }

        StreamingDetector.Scored<BlockZScoreDetector.State> spike = detector.update(state, 500, 12.0);
        StreamingDetector.Scored<BlockZScoreDetector.State> again = detector.update(spike.state(), 501, 12.0);
        StreamingDetector.Scored<BlockZScoreDetector.State> higher = detector.update(again.state(), 502, 30.0);

        assertThat(spike.score()).isGreaterThan(0.9999);
        assertThat(spike.expected()).isBetween(-0.5, 0.5);
        assertThat(again.score()).as("the same excursion again is no news").isLessThanOrEqualTo(0.5);
        assertThat(higher.score()).as("a higher peak is").isGreaterThan(0.9999);
    }

    @Test
    void shouldRejectParametersThatGiveNoWindow() {
        assertThatThrownBy(() -> new BlockZScoreDetector(0, 64, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockZScoreDetector(100, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockZScoreDetector(100, 4, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
