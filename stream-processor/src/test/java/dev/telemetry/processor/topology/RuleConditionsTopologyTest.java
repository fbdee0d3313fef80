package dev.telemetry.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Rule;
import dev.telemetry.model.Rule.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Every rule condition through the whole topology, with the edges of {@code for}, {@code clearFor} and
 * hysteresis. Times are event times in seconds after {@link #T0}.
 */
class RuleConditionsTopologyTest {

    static final long T0 = AlertFixture.T0;

    private AlertFixture f;

    private AlertFixture fixture(TestInfo test) {
        f = new AlertFixture(test.getTestMethod().orElseThrow().getName());
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    @Test
    void shouldRaiseAboveOnlyAfterForAndResolveOnlyAfterClearForWithHysteresis(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "boiler-*", "temperature", Condition.above(80).withHysteresis(2))
                .withSeverity("critical").withTiming(Duration.ofSeconds(30), Duration.ofSeconds(20)));

        f.reading("boiler-1", "temperature", 70, at(0));
        f.reading("boiler-1", "temperature", 85, at(10)); // bad since 10
        f.reading("boiler-1", "temperature", 86, at(20));
        f.reading("boiler-1", "temperature", 84, at(39.999)); // 29.999 s: not yet
        assertThat(f.alerts()).isEmpty();
        f.reading("boiler-1", "temperature", 90, at(40)); // held for 30 s: RAISED
        f.reading("boiler-1", "temperature", 79, at(45)); // inside the hysteresis band: still bad
        f.reading("boiler-1", "temperature", 75, at(50)); // clear since 50
        f.reading("boiler-1", "temperature", 79, at(60)); // back in the band: bad again, no new RAISED
        f.reading("boiler-1", "temperature", 70, at(70)); // clear since 70
        f.reading("boiler-1", "temperature", 71, at(89.999));
        assertThat(f.alerts()).hasSize(1);
        f.reading("boiler-1", "temperature", 70, at(90)); // clear for 20 s: RESOLVED

        List<Anomaly> alerts = f.alerts();
        assertThat(alerts).extracting(Anomaly::state, Anomaly::eventTime, Anomaly::value)
                .containsExactly(tuple(Anomaly.State.RAISED, at(40), 90.0), tuple(Anomaly.State.RESOLVED, at(90), 70.0));
        Anomaly raised = alerts.get(0);
        assertThat(raised.id()).isEqualTo(alerts.get(1).id());
        assertThat(raised).extracting(Anomaly::schema, Anomaly::deviceId, Anomaly::metric, Anomaly::kind,
                        Anomaly::severity, Anomaly::threshold, Anomaly::ruleId)
                .containsExactly(1, "boiler-1", "temperature", "THRESHOLD_ABOVE", "critical", 80.0, "hot");
        assertThat(raised.message()).isEqualTo("temperature is 90, above 80, for at least 30s (rule hot)");
        assertThat(alerts.get(1).message()).isEqualTo("temperature is 70, at or below 78, for at least 20s (rule hot)");
        assertThat(f.active()).isEmpty();
    }

    @Test
    void shouldRaiseAtOnceWithoutForAndNotForDevicesTheRuleDoesNotMatch(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "boiler-*", "temperature", Condition.above(80)));

        f.reading("pump-1", "temperature", 99, at(0)); // other device
        f.reading("boiler-1", "pressure", 99, at(0)); // other metric
        f.reading("boiler-1", "temperature", 80, at(1)); // equal is not above
        f.reading("boiler-1", "temperature", 80.5, at(2));
        f.reading("boiler-1", "temperature", 80, at(3)); // clear, clearFor 0: at once

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime)
                .containsExactly(tuple(Anomaly.State.RAISED, at(2)), tuple(Anomaly.State.RESOLVED, at(3)));
    }

    @Test
    void shouldForgetAPendingConditionThatClearsBeforeFor(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)).withTiming(Duration.ofSeconds(10), null));

        f.reading("d", "t", 90, at(0));
        f.reading("d", "t", 70, at(9)); // cleared after 9 s: the pending episode is gone
        f.reading("d", "t", 90, at(10));
        f.reading("d", "t", 90, at(19.999));
        assertThat(f.alerts()).isEmpty();
        f.reading("d", "t", 90, at(20)); // bad since 10, for 10 s

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime)
                .containsExactly(tuple(Anomaly.State.RAISED, at(20)));
    }

    @Test
    void shouldRaiseBelowWithHysteresisUpwards(TestInfo test) {
        fixture(test).rule(Rule.of("cold", "*", "t", Condition.below(5).withHysteresis(1)));

        f.reading("d", "t", 5, at(0));
        f.reading("d", "t", 4.9, at(1));
        f.reading("d", "t", 5.5, at(2)); // below 5 + 1: still bad
        f.reading("d", "t", 6, at(3)); // at threshold + hysteresis: clear

        assertThat(f.alerts()).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::threshold)
                .containsExactly(tuple("THRESHOLD_BELOW", Anomaly.State.RAISED, at(1), 5.0),
                        tuple("THRESHOLD_BELOW", Anomaly.State.RESOLVED, at(3), 5.0));
    }

    @Test
    void shouldRaiseOutsideARangeOnEitherSideWithTheCrossedBound(TestInfo test) {
        fixture(test).rule(Rule.of("range", "*", "t", Condition.outside(0, 100).withHysteresis(5)));

        f.reading("d", "t", 50, at(0));
        f.reading("d", "t", -1, at(1));
        f.reading("d", "t", 4, at(2)); // inside, but not inside [5, 95]
        f.reading("d", "t", 5, at(3));
        f.reading("d", "t", 101, at(4));
        f.reading("d", "t", 95, at(5));

        assertThat(f.alerts()).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::threshold)
                .containsExactly(tuple("OUT_OF_RANGE", Anomaly.State.RAISED, at(1), 0.0),
                        tuple("OUT_OF_RANGE", Anomaly.State.RESOLVED, at(3), 0.0),
                        tuple("OUT_OF_RANGE", Anomaly.State.RAISED, at(4), 100.0),
                        tuple("OUT_OF_RANGE", Anomaly.State.RESOLVED, at(5), 100.0));
    }

    @Test
    void shouldRaiseOnTheRateOfChangePerSecondBetweenConsecutiveReadings(TestInfo test) {
        fixture(test).rule(Rule.of("jump", "*", "t", Condition.rate(2)).withTiming(null, Duration.ofSeconds(2)));

        f.reading("d", "t", 10, at(0)); // no rate yet
        f.reading("d", "t", 14, at(2)); // 2/s: not faster
        f.reading("d", "t", 14, at(2)); // same instant: no rate, nothing changes
        f.reading("d", "t", 9, at(4)); // -2.5/s: faster either way
        f.reading("d", "t", 9.5, at(5)); // 0.5/s: clear since 5
        f.reading("d", "t", 10, at(7)); // clear for 2 s

        assertThat(f.alerts()).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::value)
                .containsExactly(tuple("RATE_OF_CHANGE", Anomaly.State.RAISED, at(4), 2.5),
                        tuple("RATE_OF_CHANGE", Anomaly.State.RESOLVED, at(7), 0.25));
    }

    @Test
    void shouldRaiseNoDataWhenOtherDevicesMoveTheClockAndResolveOnTheNextReading(TestInfo test) {
        fixture(test).rule(Rule.of("silent", "quiet-*", "t", Condition.noData(Duration.ofSeconds(60))));

        f.reading("quiet-1", "t", 1, at(0));
        for (int s = 10; s <= 60; s += 10) {
            f.reading("busy", "t", 1, at(s)); // same partition: stream time moves on
        }
        f.advance(AlertFixture.CHECK);
        assertThat(f.alerts()).isEmpty(); // silent for 60 s of the clock, not yet more
        f.reading("busy", "t", 1, at(70));
        f.advance(AlertFixture.CHECK);
        List<Anomaly> raised = f.alerts();
        assertThat(raised).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::value)
                .containsExactly(tuple("NO_DATA", Anomaly.State.RAISED, at(60), null));
        assertThat(raised.get(0).message()).isEqualTo("no t reading for 1m (rule silent)");
        assertThat(f.active()).extracting(Anomaly::id).containsExactly(raised.get(0).id());

        f.reading("quiet-1", "t", 1, at(75));

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime)
                .containsExactly(tuple(Anomaly.State.RAISED, at(60)), tuple(Anomaly.State.RESOLVED, at(75)));
    }

    @Test
    void shouldRaiseNoDataByTheWallClockWhenNothingArrivesAnyMore(TestInfo test) {
        fixture(test).rule(Rule.of("silent", "*", "t", Condition.noData(Duration.ofSeconds(60))));

        f.reading("d", "t", 1, at(0));
        // stream time stands still: after 10 s (idle-after) the clock catches up with the wall clock
        f.advanceInChecks(Duration.ofSeconds(59));
        assertThat(f.alerts()).isEmpty();
        f.advanceInChecks(Duration.ofSeconds(3));

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime)
                .containsExactly(tuple(Anomaly.State.RAISED, at(60)));
    }

    @Test
    void shouldRaiseAFlatlineOnceReadingsStayedWithinToleranceForTheDuration(TestInfo test) {
        fixture(test).rule(Rule.of("stuck", "*", "t", Condition.flatline(Duration.ofSeconds(30), 0.1)));

        f.reading("d", "t", 20.0, at(0));
        f.reading("d", "t", 20.05, at(10));
        f.reading("d", "t", 20.3, at(20)); // moved: a new run from 20
        f.reading("d", "t", 20.25, at(30));
        f.reading("d", "t", 20.35, at(49.999));
        assertThat(f.alerts()).isEmpty();
        f.reading("d", "t", 20.4, at(50)); // within 0.1 of 20.3 since 20: 30 s
        f.reading("d", "t", 20.41, at(60)); // 0.11 away from the run's value: moving again

        assertThat(f.alerts()).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::value)
                .containsExactly(tuple("FLATLINE", Anomaly.State.RAISED, at(50), 20.4),
                        tuple("FLATLINE", Anomaly.State.RESOLVED, at(60), 20.41));
        assertThat(f.alerts().get(0).message()).isEqualTo("t stuck at 20.3 (within 0.1) for 30s (rule stuck)");
    }

    @Test
    void shouldRaiseAnOutlierWithTheDetectorsExpectation(TestInfo test) {
        fixture(test).rule(Rule.of("odd", "*", "t", Condition.outlier(0.999)));
        Random noise = new Random(7);

        // the detector learns from its first block of values before it scores anything
        for (int i = 0; i < 200; i++) {
            f.reading("d", "t", 20 + noise.nextGaussian() * 0.5, at(i));
        }
        assertThat(f.alerts()).isEmpty();
        f.reading("d", "t", 35, at(200));
        f.reading("d", "t", 20, at(201));

        List<Anomaly> alerts = f.alerts();
        assertThat(alerts).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::value)
                .containsExactly(tuple("OUTLIER", Anomaly.State.RAISED, at(200), 35.0),
                        tuple("OUTLIER", Anomaly.State.RESOLVED, at(201), 20.0));
        assertThat(alerts.get(0).threshold()).isBetween(19.5, 20.5); // what it expected
        assertThat(alerts.get(0).message()).startsWith("t is 35, an outlier (score ");
    }

    @Test
    void shouldResolveAfterClearForByTheClockWhenTheDeviceFallsSilent(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)).withTiming(null, Duration.ofSeconds(30)));

        f.reading("d", "t", 90, at(0));
        f.reading("d", "t", 70, at(5)); // clear since 5, then nothing more
        f.advanceInChecks(Duration.ofSeconds(40)); // idle after 10 s, then 30 s more

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime, Anomaly::value)
                .containsExactly(tuple(Anomaly.State.RAISED, at(0), 90.0), tuple(Anomaly.State.RESOLVED, at(35), 70.0));
    }

    @Test
    void shouldRaiseAfterForByTheClockWhenTheLastReadingWasBad(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)).withTiming(Duration.ofSeconds(30), null));

        f.reading("d", "t", 90, at(0));
        for (int s = 1; s <= 29; s++) {
            f.reading("other", "t", 1, at(s)); // the clock moves with stream time
        }
        f.advance(AlertFixture.CHECK);
        assertThat(f.alerts()).isEmpty();
        f.reading("other", "t", 1, at(31));
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime)
                .containsExactly(tuple(Anomaly.State.RAISED, at(30)));
    }

    @Test
    void shouldIgnoreNonNumericValuesExceptAsProofOfData(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)));
        f.rule(Rule.of("silent", "*", "t", Condition.noData(Duration.ofSeconds(5))));

        f.pipe(dev.telemetry.processor.testing.Readings.reading("d", "t",
                dev.telemetry.model.ReadingValue.of("overheated"), at(0), null, at(0)));
        for (int s = 1; s <= 6; s++) {
            f.reading("other", "t", 1, at(s));
        }
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::ruleId, Anomaly::deviceId, Anomaly::eventTime)
                .containsExactly(tuple("silent", "d", at(5)));
    }
}
