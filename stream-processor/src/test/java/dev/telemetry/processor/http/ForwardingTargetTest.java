package dev.telemetry.processor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.processor.http.security.ApiSecurity;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a forwarded request goes is decided by Kafka Streams' metadata alone: nothing a client puts in the
 * request (Host, forwarding headers, parameters, the path) makes an instance call another host.
 */
class ForwardingTargetTest {

    private final SecuredInstance a = new SecuredInstance("a-", 0).start(ApiSecurity.off());
    private final SecuredInstance b = new SecuredInstance("b-", 1).start(ApiSecurity.off());

    {
        a.peer = b;
        b.peer = a;
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void shouldOnlyEverCallTheOwnerNamedByTheMetadata() throws Exception {
        List<String> requests = List.of(
                "GET /api/v1/devices/b-7 HTTP/1.1\r\nHost: evil.example:1\r\nX-Forwarded-Host: evil.example:1\r\n"
                        + "Forwarded: host=evil.example:1\r\nX-Forwarded-For: 10.0.0.1\r\n",
                "GET /api/v1/devices/b-7?allowStale=false&host=evil.example:1 HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                "GET /api/v1/devices/b-7/metrics/t/windows?from=0 HTTP/1.1\r\nHost: evil.example:1\r\n",
                "GET /api/v1/anomalies?deviceId=b-7 HTTP/1.1\r\nHost: evil.example:1\r\n",
                "GET /api/v1/devices HTTP/1.1\r\nHost: evil.example:1\r\n",
                "GET /api/v1/devices/@evil.example:1/b-7 HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                "GET //evil.example:1/api/v1/devices/b-7 HTTP/1.1\r\nHost: 127.0.0.1\r\n");

        for (String request : requests) {
            raw(a.port(), request + "Connection: close\r\n\r\n");
        }

        assertThat(a.calls).isNotEmpty();
        assertThat(a.calls).allSatisfy(c -> assertThat(c.hostPort()).isEqualTo(b.self()));
        assertThat(a.calls).allSatisfy(c -> assertThat(URI.create("http://" + c.hostPort() + c.pathAndQuery())
                .getAuthority()).isEqualTo(b.self()));
    }

    @Test
    void shouldRefuseAPathThatWouldChangeTheTargetHost() {
        assertThatThrownBy(() -> HttpPeerClient.target("10.0.0.5:8080", "@evil.example:80/api/v1/devices/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpPeerClient.target("10.0.0.5:8080", "//evil.example/api/v1/devices/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpPeerClient.target("10.0.0.5:8080", ".evil.example/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HttpPeerClient.target("10.0.0.5:8080", "/api/v1/devices/x@y?z=@evil.example:1").getAuthority())
                .isEqualTo("10.0.0.5:8080");
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
