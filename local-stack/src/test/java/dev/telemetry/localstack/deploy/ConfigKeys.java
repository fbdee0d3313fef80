package dev.telemetry.localstack.deploy;

import dev.telemetry.config.ConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a service reads, derived from the Configuration table of its README (the config
 * classes keep no key list): every documented key mapped with {@link ConfigSource#envName}, keys with a
 * {@code <name>} placeholder as a pattern, plus any {@code KAFKA_*} variable, which ConfigSource passes through
 * as a {@code kafka.*} key. JAVA_TOOL_OPTIONS is read by the JVM itself.
 */
final class ConfigKeys {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z0-9.<>*-]*)` \\|");

    private final Set<String> names = new TreeSet<>();
    private final Set<Pattern> patterns = new java.util.HashSet<>();

    private ConfigKeys() {
    }

    static ConfigKeys fromReadme(Path readme) {
        ConfigKeys keys = new ConfigKeys();
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf("\n## Configuration");
        int end = text.indexOf("\n## ", start + 1);
        for (String line : text.substring(start, end).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.find() || m.group(1).endsWith("*")) {
                continue;
            }
            String env = ConfigSource.envName(m.group(1));
            if (env.contains("<")) {
                keys.patterns.add(Pattern.compile(env.replaceAll("<[A-Z]+>", "[A-Z0-9_]+")));
            } else {
                keys.names.add(env);
            }
        }
        if (keys.names.size() < 10) {
            throw new IllegalStateException(readme + ": configuration table not found, got " + keys.names);
        }
        return keys;
    }

    boolean reads(String env) {
        return names.contains(env) || env.startsWith("KAFKA_") || env.equals("JAVA_TOOL_OPTIONS")
                || patterns.stream().anyMatch(p -> p.matcher(env).matches());
    }

    Set<String> names() {
        return names;
    }
}
