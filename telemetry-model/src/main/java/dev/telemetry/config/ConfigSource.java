package dev.telemetry.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw configuration: a properties file plus environment overrides plus explicit overrides (from
 * the command line), in increasing precedence. Services read it once at start-up into a typed,
 * validated record; every accessor throws {@link ConfigException} naming the key.
 *
 * <p>Keys are lower-case and dotted ({@code mqtt.url}). The environment variable for a key is the
 * key upper-cased with dots and dashes turned into underscores ({@code MQTT_URL}). Kafka client
 * settings pass through under the {@code kafka.} prefix ({@code kafka.linger.ms}); any environment
 * variable {@code KAFKA_X_Y} becomes {@code kafka.x.y}, the convention of the Kafka container images.
 *
 * <p>Every key a reader asks for, and every prefix it reads with {@link #withPrefix}, is remembered, so that
 * after reading its typed configuration a service can call {@link #requireAllKeysKnown()}: a misspelled key
 * in the file or on the command line would otherwise be silently ignored and its default used.
 */
public final class ConfigSource {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "jaas", "key");

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final Map<String, String> env;
    /** The keys and prefixes readers asked for: what {@link #requireAllKeysKnown()} accepts. */
    private final Set<String> readKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> readPrefixes = ConcurrentHashMap.newKeySet();

    private ConfigSource(Map<String, String> values, Map<String, String> origins, Map<String, String> env) {
        this.values = values;
        this.origins = origins;
        this.env = env;
    }

    /**
     * Loads configuration.
     *
     * @param file      a properties file, or null for none
     * @param env       the environment (usually {@code System.getenv()})
     * @param overrides explicit key/value overrides, highest precedence
     */
    public static ConfigSource load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            for (String key : props.stringPropertyNames()) {
                put(values, origins, key.trim(), props.getProperty(key).trim(), "file " + file.getFileName());
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length()) {
                put(values, origins, name.toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue(), "env " + name);
            }
        }
        if (overrides != null) {
            overrides.forEach((k, v) -> put(values, origins, k, v, "command line"));
        }
        // the environment is kept whole: a key's variable (MQTT_URL for mqtt.url) is looked up in get()
        return new ConfigSource(values, origins, Map.copyOf(env));
    }

    /** Configuration from explicit values only (tests). */
    public static ConfigSource of(Map<String, String> values) {
        return load(null, Map.of(), values);
    }

    private static void put(Map<String, String> values, Map<String, String> origins, String key, String value,
            String origin) {
        values.put(key, value);
        origins.put(key, origin);
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value of {@code key}, or null. Command-line overrides beat the environment, which beats the file. */
    public String get(String key) {
        readKeys.add(key);
        String origin = origins.get(key);
        if (origin != null && origin.equals("command line")) {
            return values.get(key);
        }
        String fromEnv = env.get(envName(key));
        if (fromEnv != null) {
            return fromEnv.trim();
        }
        return values.get(key);
    }

    private String where(String key) {
        if (!"command line".equals(origins.get(key)) && env.containsKey(envName(key))) {
            return "env " + envName(key);
        }
        return origins.getOrDefault(key, "default");
    }

    public String string(String key, String defaultValue) {
        String v = get(key);
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    public String requiredString(String key) {
        String v = get(key);
        if (v == null || v.isEmpty()) {
            throw new ConfigException(key + " is required (set it in the config file or as " + envName(key) + ")");
        }
        return v;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        String v = get(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(v);
            if (parsed < min || parsed > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + v
                        + " (from " + where(key) + ")");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + v + "' (from " + where(key) + ")", e);
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = get(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key + " must be true or false, got '" + v + "' (from " + where(key) + ")");
        };
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT30S}. */
    public Duration duration(String key, Duration defaultValue) {
        String v = get(key);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(key + " must be a duration like 500ms, 30s, 5m, 1h, got '" + v + "' (from "
                    + where(key) + ")", e);
        }
    }

    /** A URI with one of the allowed schemes, e.g. {@code tcp://localhost:1883}. */
    public URI uri(String key, String defaultValue, Set<String> schemes) {
        String v = string(key, defaultValue);
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(key + " must be a URL like " + schemes.iterator().next()
                        + "://host:port with scheme one of " + schemes + ", got '" + v + "' (from " + where(key) + ")");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(key + " is not a valid URL: '" + v + "' (from " + where(key) + ")", e);
        }
    }

    /**
     * Every key under {@code prefix}, with the prefix removed, e.g. all {@code kafka.*} client settings.
     * Environment variables win over the file as for single keys.
     */
    public Map<String, String> withPrefix(String prefix) {
        readPrefixes.add(prefix);
        Map<String, String> out = new TreeMap<>();
        for (String key : values.keySet()) {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), get(key));
            }
        }
        return out;
    }

    /**
     * A secret such as a password or a token: the value of {@code key} itself, or the trimmed content of
     * the file named by {@code key.file} (environment {@code KEY_FILE}), the way Docker and Kubernetes
     * secrets are mounted. Setting both is an error, because one of them would be silently ignored. The
     * value is never part of an error message.
     *
     * @return the secret, or null when neither is set
     * @throws ConfigException naming the key when both are set, or the file cannot be read or is empty
     */
    public String secret(String key) {
        String direct = get(key);
        String fileKey = key + ".file";
        String file = get(fileKey);
        boolean hasDirect = direct != null && !direct.isEmpty();
        boolean hasFile = file != null && !file.isEmpty();
        if (hasDirect && hasFile) {
            throw new ConfigException("set either " + key + " or " + fileKey + ", not both (from " + where(key)
                    + " and " + where(fileKey) + ")");
        }
        if (!hasFile) {
            return hasDirect ? direct : null;
        }
        Path path = Path.of(file);
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                throw new ConfigException(fileKey + " names an empty file: " + path + " (from " + where(fileKey) + ")");
            }
            return content;
        } catch (IOException e) {
            throw new ConfigException(fileKey + ": cannot read " + path + " (from " + where(fileKey) + "): "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Masks the value of a key that looks secret, for logging. */
    public static String mask(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return value == null ? null : "****";
            }
        }
        return value;
    }

    /**
     * Fails when a key set in the properties file or on the command line was never read: a misspelling such
     * as {@code stream.threads} for {@code num.stream.threads} would otherwise leave the default in force
     * without a word. Call it after the whole typed configuration has been read. Keys under a prefix read
     * with {@link #withPrefix} count as read. The environment is not checked, since it holds many unrelated
     * variables; its {@code KAFKA_*} ones become {@code kafka.*} keys, which the services read as a prefix.
     *
     * @throws ConfigException naming every unknown key, where it came from, and the nearest known key
     */
    public void requireAllKeysKnown() {
        UnknownKeys.check(origins, Set.copyOf(readKeys), Set.copyOf(readPrefixes));
    }
}
