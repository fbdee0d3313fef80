package dev.telemetry.simulator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SimulatorTest {

    @Test
    @Timeout(30)
    void shouldFailWithAClearMessageWhenTheBrokerIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + closedPort;
        SimulatorConfig cfg = SimulatorConfig.builder().mqttUrl(url).connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> Simulator.start(cfg))
                .isInstanceOf(SimulatorException.class)
                .hasMessageContaining("cannot connect to the MQTT broker at " + url)
                .hasMessageContaining("is the broker running");
    }
}
