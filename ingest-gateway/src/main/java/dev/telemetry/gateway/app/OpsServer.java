package dev.telemetry.gateway.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's operations endpoints, on the JDK's HTTP server (the gateway needs nothing heavier):
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process runs;</li>
 *   <li>{@code GET /health/ready}: 200 when connected to the broker and Kafka's latest answer was
 *       not a failure, else 503; the body says which;</li>
 *   <li>{@code GET /metrics}: Prometheus text format.</li>
 * </ul>
 */
final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);

    /** Readiness with its reason. */
    record Readiness(boolean mqttConnected, boolean kafkaHealthy) {
        boolean ready() {
            return mqttConnected && kafkaHealthy;
        }

        String json() {
            return "{\"status\":\"" + (ready() ? "UP" : "DOWN") + "\",\"mqttConnected\":" + mqttConnected
                    + ",\"kafkaHealthy\":" + kafkaHealthy + "}";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code host:port} (port 0: any free port). */
    static OpsServer start(String host, int port, Supplier<Readiness> readiness, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (http.host, http.port): "
                    + e.getMessage(), e);
        }
        server.createContext("/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/health/ready", ex -> {
            Readiness r = readiness.get();
            respond(ex, r.ready() ? 200 : 503, "application/json", r.json());
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.get()));
        server.createContext("/", ex -> respond(ex, 404, "application/json",
                "{\"error\":\"not_found\",\"message\":\"the gateway serves /health/live, /health/ready and /metrics\"}"));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "gateway-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsServer(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                status = 405;
                body = "{\"error\":\"method_not_allowed\",\"message\":\"only GET\"}";
                contentType = "application/json";
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
            } else if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())) {
                status = 404;
                body = "{\"error\":\"not_found\",\"message\":\"no such path: " + ex.getRequestURI().getPath()
                        .replace("\"", "") + "\"}";
                contentType = "application/json";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("HTTP {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
