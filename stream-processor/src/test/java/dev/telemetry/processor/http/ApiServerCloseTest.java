package dev.telemetry.processor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.processor.events.EventHub;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DeviceLookup;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.Readiness;
import dev.telemetry.processor.query.WindowLookup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiServerCloseTest {

    @Test
    void shouldEndItsEventStreamsWhenClosed() {
        // GIVEN a client following the event stream
        EventHub hub = new EventHub(10);
        DeviceQueries none = new DeviceQueries() {
            @Override
            public DeviceLookup find(String deviceId) {
                return new DeviceLookup.NotFound(deviceId);
            }

            @Override
            public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
                return new DevicePage(List.of(), null, Set.of());
            }
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            ApiServer server = ApiServer.start("127.0.0.1", 0, "127.0.0.1", none,
                    (d, m, from, to) -> new WindowLookup.Found(List.of(), false), () -> Readiness.ready("RUNNING"),
                    registry, hub);
            HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.subscribers() == 1);

            // WHEN the server closes
            server.close();

            // THEN the stream has ended with it, not at its next heartbeat into a recycled response
            assertThat(hub.subscribers()).isZero();
        } finally {
            registry.close();
        }
    }
}
