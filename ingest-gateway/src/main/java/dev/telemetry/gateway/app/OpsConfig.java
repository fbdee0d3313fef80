package dev.telemetry.gateway.app;

import static dev.telemetry.gateway.app.ConfigChecks.positive;
import static dev.telemetry.gateway.app.ConfigChecks.require;

import dev.telemetry.config.ConfigSource;
import java.time.Duration;
import java.util.Map;

/**
 * How the gateway starts, stops and is watched: the {@code startup.*}, {@code shutdown.*} and {@code http.*}
 * keys (see {@link GatewayConfig} for the table).
 */
public record OpsConfig(Duration startupTimeout, Duration shutdownTimeout, String httpHost, int httpPort) {

    public OpsConfig {
        require(positive(startupTimeout), "startup.timeout", "must be positive");
        require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdown.timeout", "must not be negative");
        require(httpHost != null && !httpHost.isBlank(), "http.host", "must not be empty");
        require(httpPort >= 0 && httpPort <= 65535, "http.port", "must be between 0 and 65535, got " + httpPort);
    }

    static OpsConfig from(ConfigSource c) {
        return new OpsConfig(
                c.duration("startup.timeout", Duration.ofSeconds(30)),
                c.duration("shutdown.timeout", Duration.ofSeconds(10)),
                c.string("http.host", "0.0.0.0"),
                c.integer("http.port", 8081, 0, 65535));
    }

    void describe(Map<String, String> shown) {
        shown.put("startup.timeout", startupTimeout.toString());
        shown.put("shutdown.timeout", shutdownTimeout.toString());
        shown.put("http.host", httpHost);
        shown.put("http.port", Integer.toString(httpPort));
    }
}
