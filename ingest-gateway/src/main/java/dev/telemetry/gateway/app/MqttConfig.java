package dev.telemetry.gateway.app;

import static dev.telemetry.gateway.app.ConfigChecks.path;
import static dev.telemetry.gateway.app.ConfigChecks.positive;
import static dev.telemetry.gateway.app.ConfigChecks.require;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.mqtt.MqttSettings;
import dev.telemetry.net.TlsFiles;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the gateway talks to the MQTT broker: the {@code mqtt.*} keys (see {@link GatewayConfig} for the table).
 * {@code mqtt.topic-filter} is only used when no {@code subscriptions} are configured.
 */
public record MqttConfig(
        URI url,
        String clientId,
        String username,
        String password,
        String topicFilter,
        int qos,
        Duration sessionExpiry,
        int receiveMaximum,
        int maxPayloadBytes,
        Duration keepAlive,
        Duration connectTimeout,
        TlsFiles tls,
        ShutdownMode shutdownMode,
        Duration drainTimeout,
        Duration drainQuietPeriod) {

    public static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    /** The keys of the MQTT TLS options, named in their error messages. */
    public static final TlsFiles.Names TLS_KEYS = new TlsFiles.Names("mqtt.url", "mqtt.tls.ca-file",
            "mqtt.tls.cert-file", "mqtt.tls.key-file", "mqtt.tls.key-password", "mqtt.tls.verify-hostname");
    /** The largest session expiry MQTT 5 can express (0xFFFFFFFF s means "never expires"). */
    static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFFFFFFL;

    public MqttConfig {
        Objects.requireNonNull(url, "url");
        require(SCHEMES.contains(url.getScheme()), "mqtt.url", "scheme must be one of " + SCHEMES);
        require(clientId != null && !clientId.isBlank(), "mqtt.client-id", "must not be empty");
        TopicFilters.validate(topicFilter);
        require(qos == 0 || qos == 1, "mqtt.qos", "must be 0 or 1, got " + qos
                + " (QoS 2 is not supported: Paho's MQTT 5 client confirms QoS 2 messages before the gateway"
                + " has written them to Kafka)");
        require(sessionExpiry != null && !sessionExpiry.isNegative()
                && sessionExpiry.toSeconds() <= MAX_SESSION_EXPIRY_SECONDS, "mqtt.session-expiry",
                "must be between 0 s and " + MAX_SESSION_EXPIRY_SECONDS + " s");
        require(receiveMaximum >= 1 && receiveMaximum <= 65535, "mqtt.receive-maximum",
                "must be between 1 and 65535, got " + receiveMaximum);
        require(maxPayloadBytes >= 1, "mqtt.max-payload-bytes", "must be positive");
        require(positive(keepAlive) && keepAlive.toSeconds() <= 65535, "mqtt.keep-alive",
                "must be between 1 s and 65535 s");
        require(positive(connectTimeout), "mqtt.connect-timeout", "must be positive");
        Objects.requireNonNull(tls, "tls");
        tls.requireTlsUrl(url.toString(), url.getScheme());
        Objects.requireNonNull(shutdownMode, "shutdownMode");
        require(positive(drainTimeout), "mqtt.shutdown.drain-timeout", "must be positive");
        require(positive(drainQuietPeriod) && drainQuietPeriod.compareTo(drainTimeout) < 0,
                "mqtt.shutdown.drain-quiet-period", "must be positive and shorter than mqtt.shutdown.drain-timeout ("
                        + drainTimeout.toMillis() + " ms), got " + drainQuietPeriod.toMillis() + " ms");
    }

    /** @param gatewayId names the default client id */
    static MqttConfig from(ConfigSource c, String gatewayId) {
        URI url = c.uri("mqtt.url", "tcp://localhost:1883", SCHEMES);
        return new MqttConfig(
                url,
                c.string("mqtt.client-id", "gateway-" + gatewayId),
                c.string("mqtt.username", null),
                c.secret("mqtt.password"),
                c.string("mqtt.topic-filter", "sensors/#"),
                c.integer("mqtt.qos", 1, 0, 2),
                c.duration("mqtt.session-expiry", Duration.ofDays(1)),
                c.integer("mqtt.receive-maximum", 1000, 1, 65535),
                c.integer("mqtt.max-payload-bytes", 256 * 1024, 1, 256 * 1024 * 1024),
                c.duration("mqtt.keep-alive", Duration.ofSeconds(30)),
                c.duration("mqtt.connect-timeout", Duration.ofSeconds(10)),
                tls(c, url),
                ShutdownMode.parse("mqtt.shutdown.mode", c.string("mqtt.shutdown.mode", "keep-session")),
                c.duration("mqtt.shutdown.drain-timeout", Duration.ofSeconds(30)),
                c.duration("mqtt.shutdown.drain-quiet-period", Duration.ofSeconds(2)));
    }

    /** The settings of the MQTT adapter, subscribing to {@code filters}. */
    MqttSettings settings(List<String> filters) {
        return new MqttSettings(url, clientId, username, password, filters, qos, sessionExpiry, receiveMaximum,
                keepAlive, connectTimeout, tls);
    }

    /** Adds the keys, unmasked: {@link GatewayConfig#summary()} masks the secrets. */
    void describe(Map<String, String> shown) {
        shown.put("mqtt.url", url.toString());
        shown.put("mqtt.client-id", clientId);
        shown.put("mqtt.username", username);
        shown.put("mqtt.password", password);
        shown.put("mqtt.topic-filter", topicFilter);
        shown.put("mqtt.qos", Integer.toString(qos));
        shown.put("mqtt.session-expiry", sessionExpiry.toString());
        shown.put("mqtt.receive-maximum", Integer.toString(receiveMaximum));
        shown.put("mqtt.max-payload-bytes", Integer.toString(maxPayloadBytes));
        shown.put("mqtt.keep-alive", keepAlive.toString());
        shown.put("mqtt.connect-timeout", connectTimeout.toString());
        shown.put("mqtt.shutdown.mode", shutdownMode.key());
        shown.put("mqtt.shutdown.drain-timeout", drainTimeout.toString());
        shown.put("mqtt.shutdown.drain-quiet-period", drainQuietPeriod.toString());
        if (tls.isConfigured()) {
            shown.put("mqtt.tls.ca-file", Objects.toString(tls.caFile(), null));
            shown.put("mqtt.tls.cert-file", Objects.toString(tls.certFile(), null));
            shown.put("mqtt.tls.key-file", Objects.toString(tls.keyFile(), null));
            shown.put("mqtt.tls.key-password", tls.keyPassword());
            shown.put("mqtt.tls.verify-hostname", Boolean.toString(tls.verifyHostname()));
        }
    }

    @Override
    public String toString() {
        return settings(List.of(topicFilter)).toString();
    }

    /**
     * The {@code mqtt.tls.*} keys; with a TLS URL the files are read here, so that a missing file, an
     * unreadable key or a key that does not match its certificate stops the start naming the key.
     */
    private static TlsFiles tls(ConfigSource c, URI url) {
        TlsFiles tls = new TlsFiles(TLS_KEYS, path(c, "mqtt.tls.ca-file"), path(c, "mqtt.tls.cert-file"),
                path(c, "mqtt.tls.key-file"), c.secret("mqtt.tls.key-password"),
                c.bool("mqtt.tls.verify-hostname", true));
        tls.requireTlsUrl(url.toString(), url.getScheme());
        if (TlsFiles.isTlsScheme(url.getScheme())) {
            tls.load();
        }
        return tls;
    }
}
