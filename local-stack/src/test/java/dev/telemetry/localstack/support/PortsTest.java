package dev.telemetry.localstack.support;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void shouldFindAPortThatCanBeBound() {
        int port = Ports.freePort();

        assertThat(port).isBetween(1, 65_535);
        assertThatCode(() -> Ports.ensureFree(port, "test")).doesNotThrowAnyException();
    }

    @Test
    void shouldResolvePortZeroToAFreePortAndKeepOthers() {
        assertThat(Ports.resolve(0, "test")).isPositive();
        assertThat(Ports.resolve(1883, "test")).isEqualTo(1883);
    }

    @Test
    void shouldRejectPortsOutOfRange() {
        assertThatThrownBy(() -> Ports.resolve(70_000, "MQTT broker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MQTT broker port").hasMessageContaining("70000");
        assertThatThrownBy(() -> Ports.resolve(-1, "MQTT broker")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameWhatAndWhichPortWhenTheAddressIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), 0));
            int port = taken.getLocalPort();

            assertThat(Ports.isListening(port)).isTrue();
            assertThatThrownBy(() -> Ports.ensureFree(port, "Kafka broker"))
                    .isInstanceOfSatisfying(PortInUseException.class, e -> assertThat(e.port()).isEqualTo(port))
                    .hasMessageStartingWith("Kafka broker cannot listen on 127.0.0.1:" + port);
        }
    }

    @Test
    void shouldSeeNothingListeningOnAClosedPort() {
        assertThat(Ports.isListening(Ports.freePort())).isFalse();
    }
}
