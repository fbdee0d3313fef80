package dev.telemetry.processor.topology;

import static dev.telemetry.processor.topology.RuleConditionsTopologyTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.telemetry.model.Anomaly;
import dev.telemetry.processor.anomaly.AlertsConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The detectors that need no rule: offline, sequence gaps, readings later than the window grace. */
class BuiltInAlertsTopologyTest {

    private static final AlertsConfig ONE_MINUTE_QUIET = AlertsConfig.defaults()
            .withBuiltIns(true, true, Duration.ofMinutes(1), true, Duration.ofMinutes(1));

    private AlertFixture f;

    private AlertFixture fixture(TestInfo test, AlertsConfig alerts) {
        f = new AlertFixture(test.getTestMethod().orElseThrow().getName(), alerts);
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void shouldRaiseOfflineWhenTheStateTurnsOfflineAndResolveOnTheNextReading(TestInfo test) {
        fixture(test, ONE_MINUTE_QUIET).reading("d", "t", 1, at(0)); // received at 0.005 s
        for (int i = 0; i < 31; i++) {
            f.advance(Duration.ofSeconds(10)); // the offline check runs every 10 s of wall-clock time
        }
        List<Anomaly> raised = f.alerts();
        assertThat(raised).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::metric,
                        Anomaly::ruleId, Anomaly::severity)
                .containsExactly(tuple("OFFLINE", Anomaly.State.RAISED, at(300.005), null, null, "warning"));
        assertThat(raised.get(0).message()).isEqualTo("no data received for 5m (device.offline-after)");
        f.advance(Duration.ofMinutes(5));
        assertThat(f.alerts()).hasSize(1); // OFFLINE is published once, and so is its alert

        f.reading("d", "t", 1, at(700));

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime, Anomaly::id).containsExactly(
                tuple(Anomaly.State.RAISED, at(300.005), raised.get(0).id()),
                tuple(Anomaly.State.RESOLVED, at(700), raised.get(0).id()));
    }

    @Test
    void shouldRaiseOneEpisodeForSequenceGapsAndResolveItAfterAQuietPeriod(TestInfo test) {
        fixture(test, ONE_MINUTE_QUIET);
        f.reading("d", "t", 1, at(0), 1);
        f.reading("d", "t", 1, at(1), 2);
        f.reading("d", "t", 1, at(2), 5); // 3 and 4 missing
        f.reading("d", "t", 1, at(3), 9); // 6, 7, 8 missing: the same episode
        for (int s = 10; s <= 60; s += 10) {
            f.reading("d", "t", 1, at(s), 9 + s / 10);
        }
        f.advance(AlertFixture.CHECK);
        assertThat(f.alerts()).hasSize(1); // 57 s without a gap: not yet quiet for 1 min
        f.reading("d", "t", 1, at(70), 16);
        f.advance(AlertFixture.CHECK);

        List<Anomaly> alerts = f.alerts();
        assertThat(alerts).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::value)
                .containsExactly(tuple("SEQUENCE_GAP", Anomaly.State.RAISED, at(2), 2.0),
                        tuple("SEQUENCE_GAP", Anomaly.State.RESOLVED, at(63), 5.0));
        assertThat(alerts.get(0).message()).isEqualTo("2 sequence numbers missing");
        assertThat(alerts.get(1).message()).isEqualTo("no new sequence gap for 1m; 5 missing in all");
    }

    @Test
    void shouldRaiseLateDataForReadingsBeyondTheWindowGrace(TestInfo test) {
        fixture(test, ONE_MINUTE_QUIET);
        f.reading("d", "t", 1, at(0));
        f.reading("d", "t", 1, at(400)); // windows up to [0, 60 s) are closed now
        f.reading("d", "t", 1, at(10)); // too late for its window
        f.reading("d", "t", 1, at(20)); // again: the same episode
        f.reading("d", "t", 1, at(490));
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::kind, Anomaly::state, Anomaly::eventTime, Anomaly::value,
                        Anomaly::severity)
                .containsExactly(tuple("LATE_DATA", Anomaly.State.RAISED, at(10), 1.0, "info"),
                        tuple("LATE_DATA", Anomaly.State.RESOLVED, at(80), 2.0, "info"));
    }

    @Test
    void shouldRaiseNothingFromBuiltInDetectorsThatAreSwitchedOff(TestInfo test) {
        fixture(test, AlertsConfig.defaults().withBuiltIns(false, false, Duration.ofMinutes(1), false,
                Duration.ofMinutes(1)));
        f.reading("d", "t", 1, at(0), 1);
        f.reading("d", "t", 1, at(400), 5);
        f.reading("d", "t", 1, at(10), 6);
        for (int i = 0; i < 40; i++) {
            f.advance(Duration.ofSeconds(10));
        }

        assertThat(f.alerts()).isEmpty();
    }
}
