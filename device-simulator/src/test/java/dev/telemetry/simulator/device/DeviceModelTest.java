package dev.telemetry.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceModelTest {

    private static final MetricSet METRICS = MetricSet.standard();

    private static List<Sample> run(DeviceModel device, int ticks) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            samples.add(device.next(1_000L * i));
        }
        return samples;
    }

    private static double value(Sample sample, String metric) {
        return sample.values().stream().filter(m -> m.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    @Test
    void shouldProduceTheSameValuesForTheSameSeedAndIndex() {
        List<Sample> first = run(DeviceModel.create("sim-00004", 3, 42L, METRICS), 500);
        List<Sample> second = run(DeviceModel.create("sim-00004", 3, 42L, METRICS), 500);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldProduceDifferentValuesForAnotherSeedOrDevice() {
        List<Sample> reference = run(DeviceModel.create("d", 3, 42L, METRICS), 50);
        List<Sample> otherSeed = run(DeviceModel.create("d", 3, 43L, METRICS), 50);
        List<Sample> otherDevice = run(DeviceModel.create("d", 4, 42L, METRICS), 50);

        assertThat(otherSeed).isNotEqualTo(reference);
        assertThat(otherDevice).isNotEqualTo(reference);
    }

    @Test
    void shouldNotDependOnTheTimestampForValues() {
        Sample early = DeviceModel.create("d", 0, 7L, METRICS).next(0L);
        Sample late = DeviceModel.create("d", 0, 7L, METRICS).next(1_900_000_000_000L);

        assertThat(late.values()).isEqualTo(early.values());
        assertThat(late.timestamp()).isEqualTo(1_900_000_000_000L);
    }

    @Test
    void shouldStartSeqAtZeroAndIncrementByOne() {
        List<Sample> samples = run(DeviceModel.create("sim-00001", 0, 1L, METRICS), 5);

        assertThat(samples).extracting(Sample::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(samples).extracting(Sample::deviceId).containsOnly("sim-00001");
    }

    @Test
    void shouldReportTheMetricsInOrderWithUnits() {
        Sample sample = DeviceModel.create("d", 0, 1L, METRICS).next(0L);

        assertThat(sample.values()).extracting(Sample.Measurement::metric).containsExactlyElementsOf(METRICS.names());
        assertThat(sample.values()).extracting(Sample.Measurement::unit).containsExactly("Cel", "%RH", "Pa");
    }

    @Test
    void shouldKeepHumidityWithinZeroToHundredAndOtherValuesPlausible() {
        DoubleSummaryStatistics humidity = new DoubleSummaryStatistics();
        DoubleSummaryStatistics temperature = new DoubleSummaryStatistics();
        DoubleSummaryStatistics pressure = new DoubleSummaryStatistics();
        for (int device = 0; device < 200; device++) {
            for (Sample s : run(DeviceModel.create("d", device, 99L, METRICS), 3000)) {
                humidity.accept(value(s, "humidity"));
                temperature.accept(value(s, "temperature"));
                pressure.accept(value(s, "pressure"));
            }
        }

        assertThat(humidity.getMin()).isGreaterThanOrEqualTo(0.0);
        assertThat(humidity.getMax()).isLessThanOrEqualTo(100.0);
        assertThat(temperature.getMin()).isGreaterThan(-10.0);
        assertThat(temperature.getMax()).isLessThan(45.0);
        assertThat(pressure.getMin()).isGreaterThan(95_000.0);
        assertThat(pressure.getMax()).isLessThan(108_000.0);
        assertThat(pressure.getAverage()).isBetween(101_000.0, 101_650.0);
    }

    @Test
    void shouldFollowADailyCycleOfTemperature() {
        DoubleSummaryStatistics day = new DoubleSummaryStatistics();
        run(DeviceModel.create("d", 5, 3L, METRICS), 1440).forEach(s -> day.accept(value(s, "temperature")));

        // amplitude is at least 2 degrees, so one simulated day spans at least ~4 degrees
        assertThat(day.getMax() - day.getMin()).isGreaterThan(3.5);
    }

    @Test
    void shouldRoundValuesToTheirResolution() {
        for (Sample s : run(DeviceModel.create("d", 0, 11L, METRICS), 200)) {
            assertThat(value(s, "temperature") * 100).isCloseTo(Math.rint(value(s, "temperature") * 100),
                    within(1e-6));
            assertThat(value(s, "humidity") * 10).isCloseTo(Math.rint(value(s, "humidity") * 10),
                    within(1e-6));
        }
    }

    @Test
    void shouldNumberDeviceIdsFromOneWithFiveDigitsOrTheFleetWidth() {
        assertThat(DeviceModel.deviceId("sim-", 0, 100)).isEqualTo("sim-00001");
        assertThat(DeviceModel.deviceId("sim-", 99_998, 99_999)).isEqualTo("sim-99999");
        assertThat(DeviceModel.deviceId("sim-", 0, 250_000)).isEqualTo("sim-000001");
        assertThat(DeviceModel.deviceId("x", 249_999, 250_000)).isEqualTo("x250000");
    }
}
