package dev.telemetry.simulator.cli;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;

/**
 * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT30S}
 * with the same rules as the services' configuration files.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return ConfigSource.of(Map.of("duration", value)).duration("duration", null);
        } catch (ConfigException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; use e.g. 500ms, 30s, 5m, 1h, 2d or ISO-8601 PT30S");
        }
    }
}
