package dev.telemetry.processor.topology;

import static dev.telemetry.processor.testing.Readings.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.ReadingValue;
import org.junit.jupiter.api.Test;

class StateReconcilerTest {

    private static final String DEV = "dev-1";

    @Test
    void shouldCreateStateFromFirstReading() {
        Reconciliation result = StateReconciler.reconcile(null, reading(DEV, "temperature", 21.5, 1_000));

        DeviceState s = result.state();
        assertThat(result.metricsChanged()).isTrue();
        assertThat(s.deviceId()).isEqualTo(DEV);
        assertThat(s.metrics().get("temperature").value()).isEqualTo(ReadingValue.of(21.5));
        assertThat(s.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(s.lastSeen()).isEqualTo(1_000);
        assertThat(s.lastReceived()).isEqualTo(1_005);
        assertThat(s.counters().accepted()).isEqualTo(1);
        assertThat(s.counters().late()).isZero();
        assertThat(s.counters().outOfOrder()).isZero();
    }

    @Test
    void shouldReplaceMetricWithNewerReading() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "temperature", 20.0, 1_000));

        Reconciliation result = StateReconciler.reconcile(s, reading(DEV, "temperature", 22.0, 2_000));

        assertThat(result.metricsChanged()).isTrue();
        assertThat(result.state().metrics().get("temperature").value()).isEqualTo(ReadingValue.of(22.0));
        assertThat(result.state().metrics().get("temperature").eventTime()).isEqualTo(2_000);
        assertThat(result.state().counters().accepted()).isEqualTo(2);
        assertThat(result.state().counters().late()).isZero();
    }

    @Test
    void shouldKeepNewerValueAndCountLateReading() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "temperature", 22.0, 2_000));

        Reconciliation result = StateReconciler.reconcile(s, reading(DEV, "temperature", 20.0, 1_000));

        assertThat(result.late()).isTrue();
        assertThat(result.state().metrics().get("temperature").value()).isEqualTo(ReadingValue.of(22.0));
        assertThat(result.state().counters().late()).isEqualTo(1);
        assertThat(result.state().counters().accepted()).isEqualTo(2);
        assertThat(result.state().lastSeen()).isEqualTo(2_000);
    }

    @Test
    void shouldPreferHigherSeqWhenEventTimesAreEqual() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "t", ReadingValue.of(1.0), 1_000, 7L, 1_001));

        Reconciliation higher = StateReconciler.reconcile(s, reading(DEV, "t", ReadingValue.of(2.0), 1_000, 8L, 1_002));
        Reconciliation lower = StateReconciler.reconcile(higher.state(),
                reading(DEV, "t", ReadingValue.of(3.0), 1_000, 6L, 1_003));

        assertThat(higher.metricsChanged()).isTrue();
        assertThat(lower.late()).isTrue();
        assertThat(lower.state().metrics().get("t").value()).isEqualTo(ReadingValue.of(2.0));
        assertThat(lower.state().metrics().get("t").seq()).isEqualTo(8L);
        assertThat(lower.state().counters().late()).isEqualTo(1);
    }

    @Test
    void shouldRankMissingSeqBelowAnySeq() {
        DeviceState withoutSeq = StateReconciler.apply(null, reading(DEV, "t", ReadingValue.of(1.0), 1_000, null, 1_001));

        Reconciliation seqWins = StateReconciler.reconcile(withoutSeq,
                reading(DEV, "t", ReadingValue.of(2.0), 1_000, 0L, 1_002));
        Reconciliation noSeqLoses = StateReconciler.reconcile(seqWins.state(),
                reading(DEV, "t", ReadingValue.of(3.0), 1_000, null, 1_003));

        assertThat(seqWins.metricsChanged()).isTrue();
        assertThat(noSeqLoses.late()).isTrue();
        assertThat(noSeqLoses.state().metrics().get("t").value()).isEqualTo(ReadingValue.of(2.0));
    }

    @Test
    void shouldKeepFirstArrivalWhenEventTimeAndSeqAreEqual() {
        DeviceState first = StateReconciler.apply(null, reading(DEV, "t", ReadingValue.of(1.0), 1_000, 5L, 1_001));

        Reconciliation same = StateReconciler.reconcile(first, reading(DEV, "t", ReadingValue.of(9.0), 1_000, 5L, 1_002));
        Reconciliation bothWithoutSeq = StateReconciler.reconcile(
                StateReconciler.apply(null, reading(DEV, "u", ReadingValue.of(1.0), 1_000, null, 1_001)),
                reading(DEV, "u", ReadingValue.of(9.0), 1_000, null, 1_002));

        assertThat(same.late()).isTrue();
        assertThat(same.state().metrics().get("t").value()).isEqualTo(ReadingValue.of(1.0));
        assertThat(bothWithoutSeq.late()).isTrue();
        assertThat(bothWithoutSeq.state().metrics().get("u").value()).isEqualTo(ReadingValue.of(1.0));
    }

    @Test
    void shouldHandleNegativeValues() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "temperature", -40.5, 1_000));
        s = StateReconciler.apply(s, reading(DEV, "temperature", -12.25, 2_000));
        s = StateReconciler.apply(s, reading(DEV, "temperature", -99.0, 1_500));

        assertThat(s.metrics().get("temperature").value()).isEqualTo(ReadingValue.of(-12.25));
        assertThat(s.counters().late()).isEqualTo(1);
    }

    @Test
    void shouldKeepBooleanAndStringValuesPerMetric() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "door", ReadingValue.of(true), 1_000, null, 1_001));
        s = StateReconciler.apply(s, reading(DEV, "mode", ReadingValue.of("eco"), 1_100, null, 1_101));
        s = StateReconciler.apply(s, reading(DEV, "door", ReadingValue.of(false), 1_200, null, 1_201));
        s = StateReconciler.apply(s, reading(DEV, "mode", ReadingValue.of("boost"), 900, null, 1_300));

        assertThat(s.metrics()).containsOnlyKeys("door", "mode");
        assertThat(s.metrics().get("door").value()).isEqualTo(ReadingValue.of(false));
        assertThat(s.metrics().get("mode").value()).isEqualTo(ReadingValue.of("eco"));
        assertThat(s.counters().late()).isEqualTo(1);
    }

    @Test
    void shouldTrackGreatestEventTimeAndReceivedAtAcrossMetrics() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "a", ReadingValue.of(1.0), 5_000, null, 9_000));
        s = StateReconciler.apply(s, reading(DEV, "b", ReadingValue.of(2.0), 3_000, null, 9_500));
        s = StateReconciler.apply(s, reading(DEV, "a", ReadingValue.of(3.0), 4_000, null, 8_000));

        assertThat(s.lastSeen()).isEqualTo(5_000);
        assertThat(s.lastReceived()).isEqualTo(9_500);
    }

    @Test
    void shouldCountOutOfOrderAgainstDeviceLastSeenNotPerMetric() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "a", 1.0, 5_000));

        // older than lastSeen, but the first value of metric b: out of order, yet not late
        Reconciliation otherMetric = StateReconciler.reconcile(s, reading(DEV, "b", 2.0, 3_000));
        // equal to lastSeen is in order
        Reconciliation sameTime = StateReconciler.reconcile(otherMetric.state(), reading(DEV, "c", 3.0, 5_000));

        assertThat(otherMetric.metricsChanged()).isTrue();
        assertThat(otherMetric.state().counters().outOfOrder()).isEqualTo(1);
        assertThat(otherMetric.state().counters().late()).isZero();
        assertThat(sameTime.state().counters().outOfOrder()).isEqualTo(1);
    }

    @Test
    void shouldMarkDeviceOnlineWhenDataArrives() {
        DeviceState offline = DeviceState.empty(DEV);

        DeviceState s = StateReconciler.apply(offline, reading(DEV, "a", 1.0, 1_000));

        assertThat(offline.status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(s.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void shouldRejectReadingOfAnotherDevice() {
        DeviceState s = StateReconciler.apply(null, reading(DEV, "a", 1.0, 1_000));

        assertThatThrownBy(() -> StateReconciler.apply(s, reading("dev-2", "a", 1.0, 2_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev-2");
    }
}
