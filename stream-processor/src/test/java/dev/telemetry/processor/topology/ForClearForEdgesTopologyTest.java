package dev.telemetry.processor.topology;

import static dev.telemetry.processor.topology.RuleConditionsTopologyTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Rule;
import dev.telemetry.model.Rule.Condition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code for} and {@code clearFor} edges, the same for every condition fed by values: with {@code for} 5 s and
 * {@code clearFor} 5 s, readings every second, bad from 3 s to 14 s and clear from 15 s, plus a reading one
 * millisecond before each edge. The alert must be RAISED exactly when the condition has been bad for 5 s, and
 * RESOLVED exactly when it has been clear for 5 s: not a millisecond earlier.
 */
class ForClearForEdgesTopologyTest {

    /**
     * @param value        the reading at second t, in the bad phase or not
     * @param badSince     when the condition turns bad (a flatline only after its duration)
     */
    record Case(String name, Condition condition, BiFunction<Double, Boolean, Double> value, double badSince) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("above", Condition.above(80), (t, bad) -> bad ? 90.0 : 70.0, 3),
                new Case("below", Condition.below(5), (t, bad) -> bad ? 0.0 : 10.0, 3),
                new Case("outside", Condition.outside(0, 100), (t, bad) -> bad ? 150.0 : 50.0, 3),
                // rising 10 per second while bad; flat at 140 otherwise (the first bad reading jumps from 140 to 30)
                new Case("rate", Condition.rate(2), (t, bad) -> bad ? 10 * t : 140.0, 3),
                // stuck at 5 from 3 s: flat for the 3 s duration at 6 s; changing every second otherwise
                new Case("flatline", Condition.flatline(Duration.ofSeconds(3), 0),
                        (t, bad) -> bad ? 5.0 : Math.floor(t) % 2, 6)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRaiseAndResolveExactlyAtTheEdges(Case c) {
        try (AlertFixture f = new AlertFixture("edges-" + c.name())) {
            f.rule(Rule.of("r", "*", "m", c.condition()).withTiming(Duration.ofSeconds(5), Duration.ofSeconds(5)));
            double raise = c.badSince() + 5;
            double resolve = 15 + 5;
            List<Double> times = new ArrayList<>();
            for (int s = 0; s <= 25; s++) {
                times.add((double) s);
            }
            times.add(raise - 0.001);
            times.add(resolve - 0.001);
            times.sort(Double::compare);

            for (double t : times) {
                f.reading("d", "m", c.value().apply(t, t >= 3 && t < 15), at(t));
            }

            assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime)
                    .containsExactly(tuple(Anomaly.State.RAISED, at(raise)), tuple(Anomaly.State.RESOLVED, at(resolve)));
        }
    }
}
