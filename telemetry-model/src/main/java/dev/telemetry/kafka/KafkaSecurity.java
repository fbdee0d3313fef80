package dev.telemetry.kafka;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How every service authenticates to Kafka and encrypts the connection: typed, validated keys shared by
 * the gateway, the processor and the command-line tools, read once at start-up. The keys keep Kafka's
 * own names under the {@code kafka.} prefix, so a configuration written for the raw pass-through keeps
 * working, but they are now checked before any client is created: a SASL protocol without a mechanism
 * or credentials, an unknown mechanism, or a trust store that is not there fails at start-up with a
 * message naming the key, instead of as a retried, hard-to-read authentication error.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>kafka.security.protocol</td><td>PLAINTEXT</td><td>PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL</td></tr>
 *   <tr><td>kafka.sasl.mechanism</td><td>required with SASL_*</td><td>PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512</td></tr>
 *   <tr><td>kafka.sasl.username</td><td>required with SASL_*</td><td>the SASL user (Confluent Cloud: the API key)</td></tr>
 *   <tr><td>kafka.sasl.password</td><td>required with SASL_*</td><td>its password; or kafka.sasl.password.file
 *       (env KAFKA_SASL_PASSWORD_FILE) naming a file holding it</td></tr>
 *   <tr><td>kafka.sasl.jaas.config</td><td>built</td><td>for experts (e.g. OAUTHBEARER): the raw JAAS line,
 *       instead of username and password; may come from kafka.sasl.jaas.config.file</td></tr>
 *   <tr><td>kafka.ssl.truststore.location</td><td>the JVM's CAs</td><td>CAs that sign the brokers'
 *       certificates: a PEM file (type inferred from .pem/.crt), a PKCS12 or a JKS file</td></tr>
 *   <tr><td>kafka.ssl.truststore.type</td><td>PEM for *.pem / *.crt, else JKS</td><td>PEM, PKCS12 or JKS</td></tr>
 *   <tr><td>kafka.ssl.truststore.password</td><td>none</td><td>PKCS12/JKS only (or .file)</td></tr>
 *   <tr><td>kafka.ssl.keystore.location</td><td>none</td><td>client certificate and key for mutual TLS; a PEM
 *       file holds the private key (PKCS#8) and the certificate chain</td></tr>
 *   <tr><td>kafka.ssl.keystore.type</td><td>as for the trust store</td><td>PEM, PKCS12 or JKS</td></tr>
 *   <tr><td>kafka.ssl.keystore.password</td><td>none</td><td>required for PKCS12/JKS (or .file)</td></tr>
 *   <tr><td>kafka.ssl.key.password</td><td>none</td><td>the private key's password, if it has one (or .file)</td></tr>
 * </table>
 *
 * <p>Other {@code kafka.ssl.*} and {@code kafka.sasl.*} settings (for example
 * {@code kafka.ssl.endpoint.identification.algorithm}) still pass through untouched. Secrets are never part
 * of {@link #toString()}, {@link #summary()} or an exception message.
 */
public record KafkaSecurity(
        Protocol protocol,
        String saslMechanism,
        String saslUsername,
        String saslPassword,
        String saslJaasConfig,
        Store truststore,
        Store keystore,
        String keyPassword) {

    /** {@code security.protocol}: whether the connection is encrypted (SSL) and authenticated (SASL). */
    public enum Protocol {
        PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

        public boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        public boolean ssl() {
            return this == SSL || this == SASL_SSL;
        }
    }

    /**
     * A trust store or key store file.
     *
     * @param password null when the store has none (PEM files never do)
     */
    public record Store(Path location, String type, String password) {
        @Override
        public String toString() {
            return "Store[" + location + ", " + type + (password == null ? "" : ", password=****") + "]";
        }
    }

    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    public static final List<String> STORE_TYPES = List.of("PEM", "PKCS12", "JKS");
    /** Plain connection, nothing to configure: the default. */
    public static final KafkaSecurity NONE = new KafkaSecurity(Protocol.PLAINTEXT, null, null, null, null, null,
            null, null);

    /** The keys this class owns, without the {@code kafka.} prefix; they do not pass through raw. */
    public static final Set<String> KEYS = Set.of("security.protocol", "sasl.mechanism", "sasl.username",
            "sasl.password", "sasl.password.file", "sasl.jaas.config", "sasl.jaas.config.file",
            "ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password",
            "ssl.truststore.password.file", "ssl.keystore.location", "ssl.keystore.type", "ssl.keystore.password",
            "ssl.keystore.password.file", "ssl.key.password", "ssl.key.password.file");

    private static final String P = "kafka.";

    public KafkaSecurity {
        require(protocol != null, "security.protocol", "must be set");
        if (protocol.sasl()) {
            require(saslMechanism != null, "sasl.mechanism", "is required with security.protocol " + protocol
                    + ": one of " + MECHANISMS);
            if (saslJaasConfig == null) {
                require(MECHANISMS.contains(saslMechanism), "sasl.mechanism", "must be one of " + MECHANISMS
                        + " (other mechanisms need kafka.sasl.jaas.config), got '" + saslMechanism + "'");
                require(saslUsername != null, "sasl.username", "is required with security.protocol " + protocol);
                require(saslPassword != null, "sasl.password", "(or kafka.sasl.password.file) is required with"
                        + " security.protocol " + protocol);
                requirePrintable(saslUsername, "sasl.username");
                requirePrintable(saslPassword, "sasl.password");
            } else {
                require(saslUsername == null && saslPassword == null, "sasl.jaas.config",
                        "and kafka.sasl.username / kafka.sasl.password must not both be set: the JAAS line already"
                                + " holds the credentials, use one or the other");
            }
        } else {
            String why = "is set but kafka.security.protocol is " + protocol
                    + ", which does not use SASL: use SASL_PLAINTEXT or SASL_SSL, or remove it";
            require(saslMechanism == null, "sasl.mechanism", why);
            require(saslUsername == null, "sasl.username", why);
            require(saslPassword == null, "sasl.password", why);
            require(saslJaasConfig == null, "sasl.jaas.config", why);
        }
        if (!protocol.ssl()) {
            require(truststore == null, "ssl.truststore.location", "is set but kafka.security.protocol is "
                    + protocol + ", which does not use TLS: use SSL or SASL_SSL, or remove it");
            require(keystore == null, "ssl.keystore.location", "is set but kafka.security.protocol is "
                    + protocol + ", which does not use TLS: use SSL or SASL_SSL, or remove it");
        }
        if (truststore != null) {
            checkStore(truststore, "ssl.truststore");
        }
        if (keystore != null) {
            checkStore(keystore, "ssl.keystore");
            require(keystore.password() != null || keystore.type().equals("PEM"), "ssl.keystore.password",
                    "is required for a " + keystore.type() + " key store");
        }
        require(keyPassword == null || keystore != null, "ssl.key.password",
                "is set but kafka.ssl.keystore.location is not");
    }

    /** Reads and validates the {@code kafka.*} security keys; see the class documentation. */
    public static KafkaSecurity from(ConfigSource c) {
        String rawProtocol = c.string(P + "security.protocol", Protocol.PLAINTEXT.name()).strip();
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(rawProtocol.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(P + "security.protocol must be one of " + List.of(Protocol.values())
                    + ", got '" + rawProtocol + "'", e);
        }
        String mechanism = c.string(P + "sasl.mechanism", null);
        return new KafkaSecurity(protocol,
                mechanism == null ? null : mechanism.strip().toUpperCase(Locale.ROOT),
                c.string(P + "sasl.username", null),
                c.secret(P + "sasl.password"),
                c.secret(P + "sasl.jaas.config"),
                store(c, "ssl.truststore"),
                store(c, "ssl.keystore"),
                c.secret(P + "ssl.key.password"));
    }

    private static Store store(ConfigSource c, String prefix) {
        String location = c.string(P + prefix + ".location", null);
        String type = c.string(P + prefix + ".type", null);
        String password = c.secret(P + prefix + ".password");
        if (location == null) {
            require(type == null, prefix + ".type", "is set but kafka." + prefix + ".location is not");
            require(password == null, prefix + ".password", "is set but kafka." + prefix + ".location is not");
            return null;
        }
        String lower = location.toLowerCase(Locale.ROOT);
        String inferred = lower.endsWith(".pem") || lower.endsWith(".crt") ? "PEM"
                : lower.endsWith(".p12") || lower.endsWith(".pfx") ? "PKCS12" : "JKS";
        return new Store(Path.of(location), type == null ? inferred : type.strip().toUpperCase(Locale.ROOT),
                password);
    }

    private static void checkStore(Store store, String prefix) {
        require(STORE_TYPES.contains(store.type()), prefix + ".type", "must be one of " + STORE_TYPES + ", got '"
                + store.type() + "'");
        require(Files.isRegularFile(store.location()) && Files.isReadable(store.location()), prefix + ".location",
                "names no readable file: " + store.location().toAbsolutePath());
        require(store.password() == null || !store.type().equals("PEM"), prefix + ".password",
                "must not be set for a PEM file (Kafka rejects it); PEM key stores use kafka.ssl.key.password");
    }

    /** True when the connection is neither encrypted nor authenticated. */
    public boolean isPlaintext() {
        return protocol == Protocol.PLAINTEXT;
    }

    /**
     * The Kafka client settings, secrets included: for the producer, consumer, admin client and Kafka
     * Streams configuration only. Kafka logs the password-typed ones as {@code [hidden]}; never log this map.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new TreeMap<>();
        p.put("security.protocol", protocol.name());
        if (protocol.sasl()) {
            p.put("sasl.mechanism", saslMechanism);
            p.put("sasl.jaas.config", saslJaasConfig != null ? saslJaasConfig
                    : jaasConfig(saslMechanism, saslUsername, saslPassword));
        }
        if (truststore != null) {
            putStore(p, "ssl.truststore", truststore);
        }
        if (keystore != null) {
            putStore(p, "ssl.keystore", keystore);
            if (keyPassword != null) {
                p.put("ssl.key.password", keyPassword);
            }
        }
        return p;
    }

    private static void putStore(Map<String, String> p, String prefix, Store store) {
        p.put(prefix + ".location", store.location().toString());
        p.put(prefix + ".type", store.type());
        if (store.password() != null) {
            p.put(prefix + ".password", store.password());
        }
    }

    /**
     * The JAAS line Kafka's SASL client reads from {@code sasl.jaas.config}. Values are quoted; a backslash or
     * double quote inside them is escaped, as Kafka's parser ({@code StreamTokenizer}) expects.
     */
    public static String jaasConfig(String mechanism, String username, String password) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + quote(username) + "\" password=\"" + quote(password) + "\";";
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The settings for the start-up log, {@code kafka.}-prefixed, every secret shown as {@code ****}. */
    public Map<String, String> summary() {
        Map<String, String> shown = new TreeMap<>();
        shown.put(P + "security.protocol", protocol.name());
        if (saslMechanism != null) {
            shown.put(P + "sasl.mechanism", saslMechanism);
        }
        if (saslUsername != null) {
            shown.put(P + "sasl.username", saslUsername);
        }
        if (saslPassword != null) {
            shown.put(P + "sasl.password", "****");
        }
        if (saslJaasConfig != null) {
            shown.put(P + "sasl.jaas.config", "****");
        }
        if (truststore != null) {
            shown.put(P + "ssl.truststore.location", truststore.location().toString());
            shown.put(P + "ssl.truststore.type", truststore.type());
        }
        if (keystore != null) {
            shown.put(P + "ssl.keystore.location", keystore.location().toString());
            shown.put(P + "ssl.keystore.type", keystore.type());
        }
        return shown;
    }

    /** The {@link #summary()}: a record's default toString would print the passwords. */
    @Override
    public String toString() {
        return "KafkaSecurity" + summary();
    }

    /** {@code passThrough} (the {@code kafka.*} keys without the prefix) without the keys this class owns. */
    public static Map<String, String> withoutOwnKeys(Map<String, String> passThrough) {
        Map<String, String> rest = new TreeMap<>(passThrough);
        rest.keySet().removeAll(KEYS);
        return rest;
    }

    /** The pass-through with the security settings on top: what the Kafka clients get. */
    public Map<String, String> merge(Map<String, String> passThrough) {
        Map<String, String> all = new TreeMap<>(withoutOwnKeys(passThrough));
        all.putAll(clientProperties());
        return all;
    }

    private static void requirePrintable(String value, String key) {
        require(value.chars().noneMatch(Character::isISOControl), key,
                "must not contain control characters such as line breaks (the value is not shown)");
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigException(P + key + " " + message);
        }
    }
}
