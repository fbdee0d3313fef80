package dev.telemetry.gateway.app;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.nio.file.Path;
import java.time.Duration;

/** The checks every part of the gateway's configuration uses, so that each failure names its key the same way. */
final class ConfigChecks {

    private ConfigChecks() {
    }

    /** Fails with "{@code key message}" when {@code ok} is false. */
    static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigException(key + " " + message);
        }
    }

    static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** A file name, or null when the key is not set or blank. */
    static Path path(ConfigSource c, String key) {
        String value = c.string(key, null);
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }
}
