package dev.telemetry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(120), () -> 0.5);

        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(4));
        for (int i = 0; i < 40; i++) {
            b.next();
        }
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void shouldJitterByAQuarterEitherWay() {
        assertThat(new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(120), () -> 0.0).next())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(120), () -> 0.999_999).next())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldStartOverAfterReset() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(120), () -> 0.5);
        b.next();
        b.next();

        b.reset();

        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
    }
}
