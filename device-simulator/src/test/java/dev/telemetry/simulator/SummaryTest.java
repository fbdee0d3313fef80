package dev.telemetry.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void shouldComputeRatesFromTheElapsedTime() {
        Summary summary = new Summary(1_000, 3_000, 2, Duration.ofMillis(1_500));

        assertThat(summary.readingsPerSecond()).isCloseTo(2_000.0, within(1e-9));
        assertThat(summary.messagesPerSecond()).isCloseTo(666.667, within(0.001));
    }

    @Test
    void shouldReportZeroRateBeforeAnyTimeHasPassed() {
        assertThat(new Summary(0, 0, 0, Duration.ZERO).readingsPerSecond()).isZero();
    }

    @Test
    void shouldPrintOneMachineReadableLine() {
        Summary summary = new Summary(16_667, 50_001, 3, Duration.ofMillis(10_002));

        assertThat(summary.toLine())
                .isEqualTo("summary: messages=16667 readings=50001 errors=3 seconds=10.002 rate=4999.1");
    }
}
