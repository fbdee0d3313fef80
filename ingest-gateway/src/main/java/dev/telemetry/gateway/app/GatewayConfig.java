package dev.telemetry.gateway.app;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.config.MachineName;
import dev.telemetry.gateway.decode.DecodeLimits;
import dev.telemetry.gateway.decode.JsonDecoder;
import dev.telemetry.gateway.decode.JsonFields;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.PlainDecoder;
import dev.telemetry.gateway.decode.RebirthRequester;
import dev.telemetry.gateway.decode.Route;
import dev.telemetry.gateway.decode.SparkplugDecoder;
import dev.telemetry.gateway.decode.TopicTemplate;
import dev.telemetry.gateway.mqtt.MqttSettings;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.net.TlsFiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The gateway's configuration, parsed and validated once at start-up. Every key can be set in the
 * properties file, as an environment variable (the key upper-cased, dots and dashes turned into
 * underscores: {@code mqtt.url} is {@code MQTT_URL}) or on the command line; see
 * {@link ConfigSource} for precedence. A bad value fails with a {@link ConfigException} naming the key.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>gateway.id</td><td>host name, else gateway-1</td><td>this instance, in every reading's source and DLQ record</td></tr>
 *   <tr><td>mqtt.url</td><td>tcp://localhost:1883</td><td>broker URL; scheme tcp, ssl, ws or wss</td></tr>
 *   <tr><td>mqtt.client-id</td><td>gateway-&lt;gateway.id&gt;</td><td>stable and unique per instance: it names the persistent session</td></tr>
 *   <tr><td>mqtt.username / mqtt.password</td><td>none</td><td>credentials; the password may instead come from the file named by mqtt.password.file</td></tr>
 *   <tr><td>mqtt.topic-filter</td><td>sensors/#</td><td>subscription; may be shared: $share/group/sensors/#</td></tr>
 *   <tr><td>mqtt.qos</td><td>1</td><td>0 (at most once) or 1 (at least once)</td></tr>
 *   <tr><td>mqtt.session-expiry</td><td>1d</td><td>how long the broker keeps the session and backlog while the gateway is away</td></tr>
 *   <tr><td>mqtt.receive-maximum</td><td>1000</td><td>unacknowledged messages in flight, 1..65535</td></tr>
 *   <tr><td>mqtt.max-payload-bytes</td><td>262144</td><td>larger payloads go to the DLQ as PAYLOAD_TOO_LARGE</td></tr>
 *   <tr><td>mqtt.keep-alive</td><td>30s</td><td>MQTT keep-alive</td></tr>
 *   <tr><td>mqtt.connect-timeout</td><td>10s</td><td>bound on one connect or subscribe</td></tr>
 *   <tr><td>mqtt.tls.ca-file</td><td>JVM trust store</td><td>PEM CA certificate(s) that sign the broker's
 *       certificate; ssl:// and wss:// only</td></tr>
 *   <tr><td>mqtt.tls.cert-file / mqtt.tls.key-file</td><td>none</td><td>PEM client certificate (chain) and its
 *       private key (PKCS#8, PKCS#1 or SEC1), for mutual TLS</td></tr>
 *   <tr><td>mqtt.tls.key-password</td><td>none</td><td>for an encrypted key file; or mqtt.tls.key-password.file</td></tr>
 *   <tr><td>mqtt.tls.verify-hostname</td><td>true</td><td>the broker's certificate must name the URL's host</td></tr>
 *   <tr><td>json.topic-template</td><td>sensors/{deviceId}</td><td>topics whose payload is a JSON object</td></tr>
 *   <tr><td>json.device-id-field</td><td>deviceId</td><td>top-level JSON field holding the device id</td></tr>
 *   <tr><td>json.time-field</td><td>ts</td><td>top-level JSON field holding the event time</td></tr>
 *   <tr><td>json.seq-field</td><td>seq</td><td>top-level JSON field holding the sequence number</td></tr>
 *   <tr><td>plain.topic-template</td><td>sensors/{deviceId}/{metric}</td><td>topics whose payload is one bare value</td></tr>
 *   <tr><td>subscriptions</td><td>none</td><td>names of subscriptions, comma-separated; replaces
 *       mqtt.topic-filter and the two templates</td></tr>
 *   <tr><td>subscription.&lt;name&gt;.filter</td><td>required</td><td>MQTT topic filter, may be $share/...</td></tr>
 *   <tr><td>subscription.&lt;name&gt;.format</td><td>required</td><td>json, plain, senml-json, senml-cbor,
 *       sparkplug-b or auto (MQTT 5 content type)</td></tr>
 *   <tr><td>subscription.&lt;name&gt;.topic-template</td><td>required except for sparkplug-b</td><td>device id
 *       (and metric) from the topic</td></tr>
 *   <tr><td>sparkplug.strict</td><td>false</td><td>reject Sparkplug payloads with tolerated deviations</td></tr>
 *   <tr><td>sparkplug.max-edge-nodes</td><td>100000</td><td>edge node sessions kept in memory</td></tr>
 *   <tr><td>sparkplug.request-rebirth</td><td>true</td><td>send NCMD Node Control/Rebirth on data before birth</td></tr>
 *   <tr><td>sparkplug.rebirth-interval</td><td>30s</td><td>at most one rebirth request per edge node per interval</td></tr>
 *   <tr><td>kafka.bootstrap.servers</td><td>localhost:9092</td><td>Kafka brokers</td></tr>
 *   <tr><td>kafka.security.protocol, kafka.sasl.*, kafka.ssl.*store*</td><td>PLAINTEXT</td><td>SASL and TLS,
 *       typed and validated: see {@link KafkaSecurity}</td></tr>
 *   <tr><td>kafka.*</td><td></td><td>any other producer / admin client setting, e.g. kafka.linger.ms</td></tr>
 *   <tr><td>topics.partitions</td><td>6</td><td>partitions of topics the gateway creates</td></tr>
 *   <tr><td>topics.replication-factor</td><td>1</td><td>replication factor of topics the gateway creates</td></tr>
 *   <tr><td>startup.timeout</td><td>30s</td><td>how long start-up waits for Kafka and the broker</td></tr>
 *   <tr><td>shutdown.timeout</td><td>10s</td><td>how long shutdown waits for pending Kafka acknowledgements</td></tr>
 *   <tr><td>http.host</td><td>0.0.0.0</td><td>address of the health and metrics endpoints</td></tr>
 *   <tr><td>http.port</td><td>8081</td><td>port of /health/live, /health/ready and /metrics; 0 picks a free one</td></tr>
 *   <tr><td>limits.max-readings-per-message</td><td>10000</td><td>more readings from one message: DLQ, TOO_MANY_READINGS</td></tr>
 *   <tr><td>limits.max-device-id-length</td><td>200</td><td>1..200; longer ids: DLQ, DEVICE_ID_TOO_LONG</td></tr>
 *   <tr><td>limits.device-id-pattern</td><td>none</td><td>a regular expression device ids must match (on top of the
 *       canonical alphabet): DLQ, DEVICE_ID_NOT_ALLOWED</td></tr>
 *   <tr><td>limits.max-metric-name-length</td><td>200</td><td>1..200; longer names: DLQ, METRIC_NAME_TOO_LONG</td></tr>
 *   <tr><td>limits.max-string-value-length</td><td>4096</td><td>longer text values: DLQ, STRING_VALUE_TOO_LONG</td></tr>
 * </table>
 */
public record GatewayConfig(
        String gatewayId,
        URI mqttUrl,
        String mqttClientId,
        String mqttUsername,
        String mqttPassword,
        String mqttTopicFilter,
        int mqttQos,
        Duration mqttSessionExpiry,
        int mqttReceiveMaximum,
        int mqttMaxPayloadBytes,
        Duration mqttKeepAlive,
        Duration mqttConnectTimeout,
        TlsFiles mqttTls,
        TopicTemplate jsonTopicTemplate,
        JsonFields jsonFields,
        TopicTemplate plainTopicTemplate,
        List<Route> subscriptions,
        boolean sparkplugStrict,
        int sparkplugMaxEdgeNodes,
        boolean sparkplugRequestRebirth,
        Duration sparkplugRebirthInterval,
        String kafkaBootstrapServers,
        Map<String, String> kafka,
        KafkaSecurity kafkaSecurity,
        int topicPartitions,
        short topicReplicationFactor,
        Duration startupTimeout,
        Duration shutdownTimeout,
        String httpHost,
        int httpPort,
        DecodeLimits limits) {

    public static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    /** The keys of the MQTT TLS options, named in their error messages. */
    public static final TlsFiles.Names MQTT_TLS_KEYS = new TlsFiles.Names("mqtt.url", "mqtt.tls.ca-file",
            "mqtt.tls.cert-file", "mqtt.tls.key-file", "mqtt.tls.key-password", "mqtt.tls.verify-hostname");
    /** The largest session expiry MQTT 5 can express (0xFFFFFFFF s means "never expires"). */
    static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFFFFFFL;
    private static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SUBSCRIPTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public GatewayConfig {
        require(gatewayId != null && GATEWAY_ID.matcher(gatewayId).matches(), "gateway.id",
                "must be 1..64 characters of [A-Za-z0-9._-], got '" + gatewayId + "'");
        Objects.requireNonNull(mqttUrl, "mqttUrl");
        require(MQTT_SCHEMES.contains(mqttUrl.getScheme()), "mqtt.url", "scheme must be one of " + MQTT_SCHEMES);
        require(mqttClientId != null && !mqttClientId.isBlank(), "mqtt.client-id", "must not be empty");
        TopicFilters.validate(mqttTopicFilter);
        require(mqttQos == 0 || mqttQos == 1, "mqtt.qos", "must be 0 or 1, got " + mqttQos
                + " (QoS 2 is not supported: Paho's MQTT 5 client confirms QoS 2 messages before the gateway"
                + " has written them to Kafka)");
        require(mqttSessionExpiry != null && !mqttSessionExpiry.isNegative()
                && mqttSessionExpiry.toSeconds() <= MAX_SESSION_EXPIRY_SECONDS, "mqtt.session-expiry",
                "must be between 0 s and " + MAX_SESSION_EXPIRY_SECONDS + " s");
        require(mqttReceiveMaximum >= 1 && mqttReceiveMaximum <= 65535, "mqtt.receive-maximum",
                "must be between 1 and 65535, got " + mqttReceiveMaximum);
        require(mqttMaxPayloadBytes >= 1, "mqtt.max-payload-bytes", "must be positive");
        require(positive(mqttKeepAlive) && mqttKeepAlive.toSeconds() <= 65535, "mqtt.keep-alive",
                "must be between 1 s and 65535 s");
        require(positive(mqttConnectTimeout), "mqtt.connect-timeout", "must be positive");
        Objects.requireNonNull(mqttTls, "mqttTls");
        mqttTls.requireTlsUrl(mqttUrl.toString(), mqttUrl.getScheme());
        Objects.requireNonNull(jsonTopicTemplate, "jsonTopicTemplate");
        Objects.requireNonNull(jsonFields, "jsonFields");
        Objects.requireNonNull(plainTopicTemplate, "plainTopicTemplate");
        require(plainTopicTemplate.has("deviceId") && plainTopicTemplate.has("metric"), "plain.topic-template",
                "must contain {deviceId} and {metric}, got '" + plainTopicTemplate + "'");
        require(!jsonTopicTemplate.overlaps(plainTopicTemplate), "json.topic-template",
                "'" + jsonTopicTemplate + "' overlaps plain.topic-template '" + plainTopicTemplate
                        + "': some topic would match both");
        subscriptions = List.copyOf(subscriptions == null ? List.of() : subscriptions);
        require(kafkaBootstrapServers != null && !kafkaBootstrapServers.isBlank(), "kafka.bootstrap.servers",
                "must not be empty");
        kafka = Map.copyOf(kafka == null ? Map.of() : kafka);
        for (String key : kafka.keySet()) {
            require(!KafkaSecurity.KEYS.contains(key), "kafka." + key, "is a typed key: it belongs in kafkaSecurity");
        }
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        requireKafka(kafka, "acks", Set.of("all", "-1"),
                "the gateway acknowledges MQTT messages only after all in-sync replicas have the records");
        requireKafka(kafka, "enable.idempotence", Set.of("true"), "retries must not duplicate or reorder records");
        require(sparkplugMaxEdgeNodes >= 1, "sparkplug.max-edge-nodes", "must be at least 1");
        require(positive(sparkplugRebirthInterval), "sparkplug.rebirth-interval", "must be positive");
        require(topicPartitions >= 1, "topics.partitions", "must be at least 1, got " + topicPartitions);
        require(topicReplicationFactor >= 1, "topics.replication-factor", "must be at least 1");
        require(positive(startupTimeout), "startup.timeout", "must be positive");
        require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdown.timeout", "must not be negative");
        require(httpHost != null && !httpHost.isBlank(), "http.host", "must not be empty");
        require(httpPort >= 0 && httpPort <= 65535, "http.port", "must be between 0 and 65535, got " + httpPort);
        limits = limits == null ? DecodeLimits.DEFAULTS.withMaxPayloadBytes(mqttMaxPayloadBytes)
                : limits.withMaxPayloadBytes(mqttMaxPayloadBytes);
    }

    /** Reads and validates every key; see the class documentation for keys and defaults. */
    public static GatewayConfig from(ConfigSource c) {
        String gatewayId = c.string("gateway.id", defaultGatewayId());
        Map<String, String> kafka = KafkaSecurity.withoutOwnKeys(c.withPrefix("kafka."));
        kafka.remove("bootstrap.servers");
        URI mqttUrl = c.uri("mqtt.url", "tcp://localhost:1883", MQTT_SCHEMES);
        return new GatewayConfig(
                gatewayId,
                mqttUrl,
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
                mqttTls(c, mqttUrl),
                template(c, "json.topic-template", "sensors/{deviceId}"),
                jsonFields(c),
                template(c, "plain.topic-template", "sensors/{deviceId}/{metric}"),
                subscriptions(c),
                c.bool("sparkplug.strict", false),
                c.integer("sparkplug.max-edge-nodes", SparkplugDecoder.DEFAULT_MAX_EDGE_NODES, 1, 10_000_000),
                c.bool("sparkplug.request-rebirth", true),
                c.duration("sparkplug.rebirth-interval", Duration.ofSeconds(30)),
                c.string("kafka.bootstrap.servers", "localhost:9092"),
                kafka,
                KafkaSecurity.from(c),
                c.integer("topics.partitions", 6, 1, 10_000),
                (short) c.integer("topics.replication-factor", 1, 1, Short.MAX_VALUE),
                c.duration("startup.timeout", Duration.ofSeconds(30)),
                c.duration("shutdown.timeout", Duration.ofSeconds(10)),
                c.string("http.host", "0.0.0.0"),
                c.integer("http.port", 8081, 0, 65535),
                limits(c));
    }

    /** The {@code limits.*} keys; the payload bound is {@code mqtt.max-payload-bytes}. */
    private static DecodeLimits limits(ConfigSource c) {
        String pattern = c.string("limits.device-id-pattern", null);
        Pattern deviceIds = null;
        if (pattern != null && !pattern.isBlank()) {
            try {
                deviceIds = Pattern.compile(pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigException("limits.device-id-pattern is not a regular expression: "
                        + e.getDescription() + ", got '" + pattern + "'", e);
            }
        }
        return new DecodeLimits(DecodeLimits.DEFAULTS.maxPayloadBytes(),
                c.integer("limits.max-readings-per-message", DecodeLimits.DEFAULTS.maxReadings(), 1, 1_000_000),
                c.integer("limits.max-device-id-length", DecodeLimits.MAX_NAME_LENGTH, 1, DecodeLimits.MAX_NAME_LENGTH),
                c.integer("limits.max-metric-name-length", DecodeLimits.MAX_NAME_LENGTH, 1,
                        DecodeLimits.MAX_NAME_LENGTH),
                c.integer("limits.max-string-value-length", DecodeLimits.DEFAULTS.maxStringValueLength(), 1,
                        16 * 1024 * 1024),
                deviceIds);
    }

    /** The MQTT part, for the MQTT adapter. */
    public MqttSettings mqtt() {
        List<String> filters = subscriptions.isEmpty() ? List.of(mqttTopicFilter)
                : subscriptions.stream().map(Route::filter).toList();
        return new MqttSettings(mqttUrl, mqttClientId, mqttUsername, mqttPassword, filters, mqttQos,
                mqttSessionExpiry, mqttReceiveMaximum, mqttKeepAlive, mqttConnectTimeout, mqttTls);
    }

    /**
     * What the Kafka clients get: the {@code kafka.*} pass-through with the security settings on top. Holds
     * secrets (Kafka itself logs them as {@code [hidden]}); never log it, log {@link #summary()}.
     */
    public Map<String, String> kafkaClient() {
        return kafkaSecurity.merge(kafka);
    }

    /** The decoders, without Sparkplug rebirth requests. */
    public PayloadRouter router() {
        return router(RebirthRequester.NONE);
    }

    /**
     * The decoders: by subscription when {@code subscriptions} is set, else by the JSON and plain templates.
     *
     * @param rebirth sends Sparkplug rebirth requests (used when {@code sparkplug.request-rebirth})
     */
    public PayloadRouter router(RebirthRequester rebirth) {
        if (subscriptions.isEmpty()) {
            return new PayloadRouter(new JsonDecoder(jsonTopicTemplate, gatewayId, jsonFields, limits),
                    new PlainDecoder(plainTopicTemplate, gatewayId), limits);
        }
        return PayloadRouter.of(subscriptions, gatewayId, jsonFields,
                new SparkplugDecoder(gatewayId, sparkplugStrict, sparkplugMaxEdgeNodes,
                        sparkplugRequestRebirth ? rebirth : RebirthRequester.NONE, sparkplugRebirthInterval, limits),
                limits);
    }

    /** One line for the start-up log, with secrets masked. */
    public String summary() {
        Map<String, String> shown = new TreeMap<>();
        shown.put("gateway.id", gatewayId);
        shown.put("mqtt.url", mqttUrl.toString());
        shown.put("mqtt.client-id", mqttClientId);
        shown.put("mqtt.username", mqttUsername);
        shown.put("mqtt.password", mqttPassword);
        shown.put("mqtt.topic-filter", mqttTopicFilter);
        shown.put("mqtt.qos", Integer.toString(mqttQos));
        shown.put("mqtt.session-expiry", mqttSessionExpiry.toString());
        shown.put("mqtt.receive-maximum", Integer.toString(mqttReceiveMaximum));
        shown.put("mqtt.max-payload-bytes", Integer.toString(mqttMaxPayloadBytes));
        shown.put("mqtt.keep-alive", mqttKeepAlive.toString());
        shown.put("mqtt.connect-timeout", mqttConnectTimeout.toString());
        if (mqttTls.isConfigured()) {
            shown.put("mqtt.tls.ca-file", Objects.toString(mqttTls.caFile(), null));
            shown.put("mqtt.tls.cert-file", Objects.toString(mqttTls.certFile(), null));
            shown.put("mqtt.tls.key-file", Objects.toString(mqttTls.keyFile(), null));
            shown.put("mqtt.tls.key-password", mqttTls.keyPassword());
            shown.put("mqtt.tls.verify-hostname", Boolean.toString(mqttTls.verifyHostname()));
        }
        shown.put("json.topic-template", jsonTopicTemplate.toString());
        shown.put("json.device-id-field", jsonFields.deviceId());
        shown.put("json.time-field", jsonFields.time());
        shown.put("json.seq-field", jsonFields.seq());
        shown.put("plain.topic-template", plainTopicTemplate.toString());
        for (Route r : subscriptions) {
            shown.put("subscription." + r.name(), r.filter() + " " + r.format()
                    + (r.template() == null ? "" : " " + r.template()));
        }
        shown.put("sparkplug.strict", Boolean.toString(sparkplugStrict));
        shown.put("sparkplug.max-edge-nodes", Integer.toString(sparkplugMaxEdgeNodes));
        shown.put("sparkplug.request-rebirth", Boolean.toString(sparkplugRequestRebirth));
        shown.put("sparkplug.rebirth-interval", sparkplugRebirthInterval.toString());
        shown.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        kafka.forEach((k, v) -> shown.put("kafka." + k, v));
        shown.putAll(kafkaSecurity.summary());
        shown.put("topics.partitions", Integer.toString(topicPartitions));
        shown.put("topics.replication-factor", Short.toString(topicReplicationFactor));
        shown.put("startup.timeout", startupTimeout.toString());
        shown.put("shutdown.timeout", shutdownTimeout.toString());
        shown.put("http.host", httpHost);
        shown.put("http.port", Integer.toString(httpPort));
        shown.put("limits.max-readings-per-message", Integer.toString(limits.maxReadings()));
        shown.put("limits.max-device-id-length", Integer.toString(limits.maxDeviceIdLength()));
        shown.put("limits.device-id-pattern", limits.deviceIdPattern() == null ? null
                : limits.deviceIdPattern().pattern());
        shown.put("limits.max-metric-name-length", Integer.toString(limits.maxMetricNameLength()));
        shown.put("limits.max-string-value-length", Integer.toString(limits.maxStringValueLength()));
        StringJoiner out = new StringJoiner(", ");
        shown.forEach((k, v) -> {
            if (v != null) {
                // a file name is never the secret itself (mqtt.tls.key-file names a key, it is not one)
                out.add(k + "=" + (k.endsWith("-file") ? v : ConfigSource.mask(k, v)));
            }
        });
        return out.toString();
    }

    /** Like {@link #summary()}: a record's default toString would print the password. */
    @Override
    public String toString() {
        return "GatewayConfig[" + summary() + "]";
    }

    /**
     * The {@code mqtt.tls.*} keys; with a TLS URL the files are read here, so that a missing file, an
     * unreadable key or a key that does not match its certificate stops the start naming the key.
     */
    private static TlsFiles mqttTls(ConfigSource c, URI url) {
        TlsFiles tls = new TlsFiles(MQTT_TLS_KEYS, path(c, "mqtt.tls.ca-file"), path(c, "mqtt.tls.cert-file"),
                path(c, "mqtt.tls.key-file"), c.secret("mqtt.tls.key-password"),
                c.bool("mqtt.tls.verify-hostname", true));
        tls.requireTlsUrl(url.toString(), url.getScheme());
        if (TlsFiles.isTlsScheme(url.getScheme())) {
            tls.load();
        }
        return tls;
    }

    private static Path path(ConfigSource c, String key) {
        String value = c.string(key, null);
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    private static TopicTemplate template(ConfigSource c, String key, String defaultValue) {
        String value = c.string(key, defaultValue);
        try {
            return TopicTemplate.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }

    /** The {@code subscriptions} and their keys; empty when not configured (templates-only routing). */
    private static List<Route> subscriptions(ConfigSource c) {
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
            String prefix = "subscription." + name + ".";
            String filter = c.requiredString(prefix + "filter");
            TopicFilters.validate(filter, prefix + "filter");
            String format = c.requiredString(prefix + "format").strip();
            require(Route.FORMATS.contains(format), prefix + "format", "must be one of "
                    + new java.util.TreeSet<>(Route.FORMATS)
                    + ", got '" + format + "'");
            String templateText = c.string(prefix + "topic-template", null);
            require(templateText != null || format.equals(SparkplugDecoder.FORMAT), prefix + "topic-template",
                    "is required for format " + format);
            require(!(format.equals(SparkplugDecoder.FORMAT) && filter.startsWith("$share/")), prefix + "filter",
                    "must not be a shared subscription for sparkplug-b: an edge node's session (births, aliases)"
                            + " is kept by one gateway, so all its messages must reach the same one");
            TopicTemplate template = templateText == null ? null : template(c, prefix + "topic-template", null);
            try {
                routes.add(new Route(name, filter, format, template));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(prefix + "topic-template does not fit: " + e.getMessage(), e);
            }
        }
        return routes;
    }

    private static JsonFields jsonFields(ConfigSource c) {
        String deviceId = fieldName(c, "json.device-id-field", JsonFields.DEFAULTS.deviceId());
        String time = fieldName(c, "json.time-field", JsonFields.DEFAULTS.time());
        String seq = fieldName(c, "json.seq-field", JsonFields.DEFAULTS.seq());
        require(!time.equals(deviceId), "json.time-field", "must differ from json.device-id-field, both are '"
                + time + "'");
        require(!seq.equals(deviceId), "json.seq-field", "must differ from json.device-id-field, both are '"
                + seq + "'");
        require(!seq.equals(time), "json.seq-field", "must differ from json.time-field, both are '" + seq + "'");
        return new JsonFields(deviceId, time, seq);
    }

    private static String fieldName(ConfigSource c, String key, String defaultValue) {
        String value = c.string(key, defaultValue);
        require(value != null && !value.isBlank() && !value.contains(".") && value.strip().equals(value), key,
                "must be a non-empty JSON field name without dots or surrounding spaces, got '" + value + "'");
        return value;
    }

    /** The host name (HOSTNAME, then the resolver), made a valid id, else {@code gateway-1}. */
    static String defaultGatewayId() {
        return MachineName.get().map(host -> {
            String id = host.replaceAll("[^A-Za-z0-9._-]", "-");
            return id.length() > 64 ? id.substring(0, 64) : id;
        }).orElse("gateway-1");
    }

    private static void requireKafka(Map<String, String> kafka, String key, Set<String> allowed, String why) {
        String v = kafka.get(key);
        require(v == null || allowed.contains(v.strip().toLowerCase(java.util.Locale.ROOT)), "kafka." + key,
                "must be " + String.join(" or ", allowed) + " if set, got '" + v + "': " + why);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigException(key + " " + message);
        }
    }
}
