package dev.telemetry.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ErrorLogTest {

    @Test
    void shouldLogOnlyAtPowersOfTen() {
        long[] logged = LongStream.rangeClosed(1, 100_000).filter(ErrorLog::isPowerOfTen).toArray();

        assertThat(logged).containsExactly(1, 10, 100, 1_000, 10_000, 100_000);
        assertThat(ErrorLog.isPowerOfTen(Long.MAX_VALUE)).isFalse();
    }
}
