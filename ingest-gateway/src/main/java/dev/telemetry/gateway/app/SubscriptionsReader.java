package dev.telemetry.gateway.app;

import static dev.telemetry.gateway.app.ConfigChecks.require;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.decode.Route;
import dev.telemetry.gateway.decode.SparkplugDecoder;
import dev.telemetry.gateway.decode.TopicTemplate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the {@code subscriptions} key and each named {@code subscription.<name>.*} into {@link Route}s. */
final class SubscriptionsReader {

    private static final Pattern SUBSCRIPTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SubscriptionsReader() {
    }

    /** The subscriptions; empty when not configured (templates-only routing). */
    static List<Route> read(ConfigSource c) {
        String names = c.string("subscriptions", null);
        if (names == null || names.isBlank()) {
            return List.of();
        }
        for (String legacy : List.of("mqtt.topic-filter", "json.topic-template", "plain.topic-template")) {
            require(c.get(legacy) == null, legacy, "cannot be combined with subscriptions: give each subscription"
                    + " its subscription.<name>.filter and .topic-template");
        }
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<Route> routes = new ArrayList<>();
        for (String raw : names.split(",")) {
            String name = raw.strip();
            require(SUBSCRIPTION_NAME.matcher(name).matches(), "subscriptions",
                    "names must be 1..64 characters of [A-Za-z0-9_-], got '" + name + "'");
            require(seen.add(name), "subscriptions", "names '" + name + "' twice");
            routes.add(route(c, name));
        }
        return routes;
    }

    private static Route route(ConfigSource c, String name) {
        String prefix = "subscription." + name + ".";
        String filter = c.requiredString(prefix + "filter");
        TopicFilters.validate(filter, prefix + "filter");
        String format = c.requiredString(prefix + "format").strip();
        require(Route.FORMATS.contains(format), prefix + "format", "must be one of "
                + new TreeSet<>(Route.FORMATS) + ", got '" + format + "'");
        String templateText = c.string(prefix + "topic-template", null);
        require(templateText != null || format.equals(SparkplugDecoder.FORMAT), prefix + "topic-template",
                "is required for format " + format);
        require(!(format.equals(SparkplugDecoder.FORMAT) && filter.startsWith("$share/")), prefix + "filter",
                "must not be a shared subscription for sparkplug-b: an edge node's session (births, aliases)"
                        + " is kept by one gateway, so all its messages must reach the same one");
        TopicTemplate template = templateText == null ? null
                : DecodingConfig.template(c, prefix + "topic-template", null);
        try {
            return new Route(name, filter, format, template);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + "topic-template does not fit: " + e.getMessage(), e);
        }
    }
}
