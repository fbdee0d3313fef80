package dev.telemetry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    private HttpServer server;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health/ready", ex -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/health/down", ex -> {
            byte[] body = "{\"status\":\"DOWN\",\"kafka\":\"unreachable\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void shouldBeHealthyOnlyFor2xx() {
        assertThat(HealthProbe.probe(new String[] {url("/health/ready")}, out)).isEqualTo(HealthProbe.HEALTHY);
        assertThat(HealthProbe.probe(new String[] {url("/health/down")}, out)).isEqualTo(HealthProbe.UNHEALTHY);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("-> 200").contains("-> 503").contains("unreachable");
    }

    @Test
    void shouldBeUnhealthyWhenNothingAnswersOrTheArgumentsAreWrong() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(HealthProbe.probe(new String[] {"http://127.0.0.1:" + closedPort + "/health/ready", "500"}, out))
                .isEqualTo(HealthProbe.UNHEALTHY);
        assertThat(HealthProbe.probe(new String[] {}, out)).isEqualTo(HealthProbe.UNHEALTHY);
        assertThat(HealthProbe.probe(new String[] {"ftp://x/health"}, out)).isEqualTo(HealthProbe.UNHEALTHY);
        assertThat(HealthProbe.probe(new String[] {url("/health/ready"), "soon"}, out)).isEqualTo(HealthProbe.UNHEALTHY);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("no answer").contains("usage").contains("not an http URL");
    }
}
