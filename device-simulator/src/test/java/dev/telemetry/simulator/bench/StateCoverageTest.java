package dev.telemetry.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which published readings the device state covers, and since when, whichever topic the probe reads first. */
class StateCoverageTest {

    private final List<long[]> visible = new ArrayList<>();
    private final StateCoverage coverage = new StateCoverage((eventTime, seenAt) -> visible.add(new long[] {eventTime,
            seenAt}));

    @Test
    void shouldCountAReadingSupersededWithinACommitWhenTheNewerStateShowsUp() {
        coverage.reading("d", "t", 100, 110);
        coverage.reading("d", "t", 200, 210);  // the state of one commit shows only this one
        coverage.state("d", "t", 200, 300);

        assertThat(visible).containsExactly(new long[] {100, 300}, new long[] {200, 300});
    }

    @Test
    void shouldNotCountAReadingTheStateHasNotReachedYetNorAnotherMetric() {
        coverage.reading("d", "t", 100, 110);
        coverage.reading("d", "t", 300, 310);
        coverage.reading("d", "h", 100, 110);
        coverage.state("d", "t", 200, 250);

        assertThat(visible).containsExactly(new long[] {100, 250});
        coverage.state("d", "t", 150, 260); // an older state changes nothing
        assertThat(visible).hasSize(1);
    }

    @Test
    void shouldDateAReadingSeenAfterItsStateByTheState() {
        coverage.state("d", "t", 500, 520);
        coverage.reading("d", "t", 500, 600);

        assertThat(visible).containsExactly(new long[] {500, 520});
    }
}
