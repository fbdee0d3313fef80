package dev.telemetry.processor.anomaly.stat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.model.Json;
import org.junit.jupiter.api.Test;

/** The per-record match with NAB's results is NabWindowedGaussianOracleTest; these are the mechanics. */
class WindowedGaussianDetectorTest {

    private static final ObjectMapper JSON = Json.mapper();

    @Test
    void shouldScoreTheFirstValueZeroAndTheSecondOneAsNabDoes() {
        WindowedGaussianDetector detector = new WindowedGaussianDetector();

        var first = detector.update(detector.initial(), 0, 73.9);
        var second = detector.update(first.state(), 1, 74.9);

        assertThat(first.score()).isZero();
        assertThat(first.state().std()).isEqualTo(0.000001); // one value: deviation 0, replaced as NAB does
        assertThat(second.score()).isEqualTo(1.0);
        assertThat(second.expected()).isEqualTo(73.9);
    }

    @Test
    void shouldSlideByWholeStepsOnceTheWindowIsFull() {
        WindowedGaussianDetector detector = new WindowedGaussianDetector(4, 2);
        WindowedGaussianDetector.State state = detector.initial();
        for (double x : new double[] {1, 2, 3, 4, 5}) {
            state = detector.update(state, 0, x).state();
        }
        assertThat(state.window()).containsExactly(1, 2, 3, 4);
        assertThat(state.pending()).containsExactly(5);

        state = detector.update(state, 0, 6).state();

        assertThat(state.window()).containsExactly(3, 4, 5, 6);
        assertThat(state.pending()).isEmpty();
        assertThat(state.mean()).isEqualTo(4.5);
    }

    @Test
    void shouldRoundTripItsStateThroughTheWireMapper() throws Exception {
        WindowedGaussianDetector detector = new WindowedGaussianDetector(8, 3);
        WindowedGaussianDetector.State state = detector.initial();
        for (int i = 0; i < 20; i++) {
            state = detector.update(state, i, i * 0.5).state();
        }

        WindowedGaussianDetector.State copy = JSON.readValue(JSON.writeValueAsBytes(state), detector.stateClass());

        assertThat(copy.window()).containsExactly(state.window());
        assertThat(copy.pending()).containsExactly(state.pending());
        assertThat(detector.update(copy, 20, 99).score()).isEqualTo(detector.update(state, 20, 99).score());
    }
}
