package dev.telemetry.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.simulator.Summary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    private static final Summary TEN_SECONDS = new Summary(16660, 49980, 2, Duration.ofSeconds(10));

    @Test
    void shouldShowRateSentErrorsAndInFlight() {
        assertThat(ProgressReporter.line(TEN_SECONDS, 4998.4, Duration.ofSeconds(5), 3, 0, 0)).isEqualTo(
                "[    10s] 4998 readings/s (last 5s) | sent 49980 readings, 16660 messages | errors 2 | in flight 3");
    }

    @Test
    void shouldAddDropsAndReconnectsOnceAConnectionWasLost() {
        assertThat(ProgressReporter.line(TEN_SECONDS, 4998.4, Duration.ofSeconds(5), 3, 2, 1))
                .endsWith("| in flight 3 | drops 2, reconnects 1");
    }
}
