package dev.telemetry.processor.app;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.config.MachineName;
import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.model.Topics;
import dev.telemetry.processor.anomaly.AlertsConfig;
import dev.telemetry.processor.http.security.ApiSecurityConfig;
import dev.telemetry.processor.topology.TopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The stream processor's configuration, parsed and validated once at start-up. Every key can be set in
 * the properties file, as an environment variable (the key upper-cased, dots and dashes turned into
 * underscores: {@code http.port} is {@code HTTP_PORT}) or on the command line; see {@link ConfigSource}
 * for precedence. A bad value fails with a {@link ConfigException} naming the key.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>application.id</td><td>telemetry-processor</td><td>Kafka Streams application id: consumer group,
 *       prefix of internal topics, state directory name. Instances with the same id share the work</td></tr>
 *   <tr><td>kafka.bootstrap.servers</td><td>localhost:9092</td><td>Kafka brokers (env KAFKA_BOOTSTRAP_SERVERS)</td></tr>
 *   <tr><td>kafka.security.protocol, kafka.sasl.*, kafka.ssl.*store*</td><td>PLAINTEXT</td><td>SASL and TLS,
 *       typed and validated: see {@link KafkaSecurity}</td></tr>
 *   <tr><td>kafka.*</td><td></td><td>any other Kafka Streams / client setting, passed through, e.g.
 *       kafka.num.standby.replicas, kafka.producer.linger.ms</td></tr>
 *   <tr><td>http.host</td><td>0.0.0.0</td><td>address the HTTP server listens on</td></tr>
 *   <tr><td>http.port</td><td>8080</td><td>HTTP port, 0 for any free port (env HTTP_PORT)</td></tr>
 *   <tr><td>http.advertised-host</td><td>http.host; when that is a wildcard, HOSTNAME or the machine's host
 *       name</td><td>how other instances reach this one: with the bound port it becomes Kafka Streams'
 *       {@code application.server}, which key-owner lookups need</td></tr>
 *   <tr><td>state.dir</td><td>${java.io.tmpdir}/telemetry-processor</td><td>RocksDB state; a lost directory
 *       is rebuilt from the changelog topics, which takes time: use a persistent volume in production</td></tr>
 *   <tr><td>processing.guarantee</td><td>exactly_once_v2</td><td>exactly_once_v2 or at_least_once</td></tr>
 *   <tr><td>num.stream.threads</td><td>1</td><td>stream threads of this instance, 1..64</td></tr>
 *   <tr><td>commit.interval</td><td>100ms</td><td>how often progress is committed; with exactly-once this is
 *       how soon output becomes visible to read_committed consumers</td></tr>
 *   <tr><td>topics.readings</td><td>telemetry.readings</td><td>input topic</td></tr>
 *   <tr><td>topics.device-state</td><td>telemetry.device-state</td><td>output topic (compacted)</td></tr>
 *   <tr><td>topics.readings-ordered</td><td>telemetry.readings.ordered</td><td>output: deduplicated readings
 *       per device in event-time order (the reorder buffer's output, what detectors consume)</td></tr>
 *   <tr><td>topics.aggregates</td><td>telemetry.aggregates.1m</td><td>output: final window aggregates</td></tr>
 *   <tr><td>dedupe.retention</td><td>1h</td><td>how long (stream time) a reading's identity is remembered</td></tr>
 *   <tr><td>device.offline-after</td><td>5m</td><td>wall-clock silence after which a device is OFFLINE</td></tr>
 *   <tr><td>reorder.delay</td><td>2s</td><td>how far behind stream time readings are released in order</td></tr>
 *   <tr><td>windows.size</td><td>1m</td><td>tumbling window size</td></tr>
 *   <tr><td>windows.grace</td><td>5m</td><td>how long after its end a window accepts late readings</td></tr>
 *   <tr><td>windows.retention</td><td>1h</td><td>how long windows stay queryable; at least size + grace</td></tr>
 *   <tr><td>topics.partitions</td><td>6</td><td>partitions of the topics the processor creates</td></tr>
 *   <tr><td>topics.replication-factor</td><td>1</td><td>replication of created topics and of the
 *       internal changelog topics</td></tr>
 *   <tr><td>startup.timeout</td><td>30s</td><td>how long start-up waits for Kafka to answer</td></tr>
 *   <tr><td>shutdown.timeout</td><td>30s</td><td>how long shutdown waits for Kafka Streams to close</td></tr>
 *   <tr><td>shutdown.leave-group</td><td>true</td><td>leave the consumer group when stopping, so that the other
 *       instances (standby replicas first) take over the tasks at once rather than after the session timeout</td></tr>
 *   <tr><td>topics.anomalies</td><td>telemetry.anomalies</td><td>output: alerts, RAISED / RESOLVED</td></tr>
 *   <tr><td>topics.rules</td><td>telemetry.rules</td><td>the alert rules (compacted), read by every instance</td></tr>
 *   <tr><td>alerts.check-interval</td><td>1s</td><td>wall-clock period of the check for time-based transitions
 *       and rule changes</td></tr>
 *   <tr><td>alerts.idle-after</td><td>10s</td><td>wall-clock standstill of a partition's stream time after which
 *       its alert clock follows the wall clock</td></tr>
 *   <tr><td>alerts.outlier.threshold</td><td>0.9999</td><td>default score in (0, 1] of outlier rules</td></tr>
 *   <tr><td>alerts.offline.enabled</td><td>true</td><td>OFFLINE alerts</td></tr>
 *   <tr><td>alerts.sequence-gaps.enabled</td><td>true</td><td>SEQUENCE_GAP alerts</td></tr>
 *   <tr><td>alerts.sequence-gaps.clear-after</td><td>5m</td><td>quiet period that resolves a SEQUENCE_GAP alert</td></tr>
 *   <tr><td>alerts.late-data.enabled</td><td>true</td><td>LATE_DATA alerts (readings beyond the window grace)</td></tr>
 *   <tr><td>alerts.late-data.clear-after</td><td>5m</td><td>quiet period that resolves a LATE_DATA alert</td></tr>
 *   <tr><td>state.max-metrics-per-device</td><td>1000</td><td>metrics kept in one device's state; readings of
 *       further metrics are counted (telemetry_processor_state_metrics_dropped_total) and left out of the state</td></tr>
 *   <tr><td>api.auth.mode</td><td>required</td><td>required: every /api/ request needs a bearer token (start-up
 *       fails unless api.auth.tokens-file or api.auth.jwt.public-key-file is set); off: no authentication</td></tr>
 *   <tr><td>api.auth.tokens-file</td><td></td><td>static API tokens, one a line: {@code sha256:<hex> read,write
 *       # name}</td></tr>
 *   <tr><td>api.auth.jwt.public-key-file</td><td></td><td>PEM RSA or EC public key that signs accepted JWTs</td></tr>
 *   <tr><td>api.auth.jwt.issuer</td><td></td><td>required {@code iss} of JWTs (any when unset)</td></tr>
 *   <tr><td>api.auth.jwt.audience</td><td></td><td>required {@code aud} value of JWTs (any when unset)</td></tr>
 *   <tr><td>api.auth.jwt.clock-skew</td><td>30s</td><td>tolerance of the exp and nbf checks, at most 5m</td></tr>
 *   <tr><td>api.cors.allowed-origins</td><td></td><td>comma-separated exact web origins allowed to call the API
 *       from a browser; none: no CORS</td></tr>
 * </table>
 */
public record ProcessorConfig(
        String applicationId,
        String bootstrapServers,
        Map<String, String> kafka,
        KafkaSecurity kafkaSecurity,
        String httpHost,
        int httpPort,
        String httpAdvertisedHost,
        Path stateDir,
        String processingGuarantee,
        int numStreamThreads,
        Duration commitInterval,
        String readingsTopic,
        String deviceStateTopic,
        String orderedReadingsTopic,
        String aggregatesTopic,
        Duration dedupeRetention,
        Duration offlineAfter,
        Duration reorderDelay,
        Duration windowSize,
        Duration windowGrace,
        Duration windowRetention,
        int topicPartitions,
        short topicReplicationFactor,
        Duration startupTimeout,
        Duration shutdownTimeout,
        boolean shutdownLeaveGroup,
        AlertsConfig alerts,
        int stateMaxMetricsPerDevice,
        ApiSecurityConfig api) {

    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
    public static final String AT_LEAST_ONCE = "at_least_once";
    /** Kafka settings with a typed key of their own; setting them under kafka.* too would be ambiguous. */
    static final Map<String, String> TYPED_KAFKA_KEYS = Map.of(
            "application.id", "application.id",
            "processing.guarantee", "processing.guarantee",
            "num.stream.threads", "num.stream.threads",
            "commit.interval.ms", "commit.interval",
            "state.dir", "state.dir",
            "application.server", "http.advertised-host");
    private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern ADVERTISED_HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}");
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    public ProcessorConfig {
        require(stateMaxMetricsPerDevice >= 1, "state.max-metrics-per-device", "must be at least 1, got "
                + stateMaxMetricsPerDevice);
        require(applicationId != null && APPLICATION_ID.matcher(applicationId).matches(), "application.id",
                "must be 1..200 characters of [A-Za-z0-9._-], got '" + applicationId + "'");
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "kafka.bootstrap.servers",
                "must not be empty");
        kafka = Map.copyOf(kafka == null ? Map.of() : kafka);
        for (String key : kafka.keySet()) {
            String typed = TYPED_KAFKA_KEYS.get(key);
            require(typed == null, "kafka." + key, "must not be set: use " + typed + " instead");
            require(!KafkaSecurity.KEYS.contains(key), "kafka." + key, "is a typed key: it belongs in kafkaSecurity");
        }
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        require(httpHost != null && !httpHost.isBlank(), "http.host", "must not be empty");
        require(httpPort >= 0 && httpPort <= 65535, "http.port", "must be between 0 and 65535, got " + httpPort);
        require(httpAdvertisedHost != null && ADVERTISED_HOST.matcher(httpAdvertisedHost).matches(),
                "http.advertised-host", "must be a host name or IPv4 address, got '" + httpAdvertisedHost + "'");
        Objects.requireNonNull(stateDir, "stateDir");
        require(EXACTLY_ONCE_V2.equals(processingGuarantee) || AT_LEAST_ONCE.equals(processingGuarantee),
                "processing.guarantee", "must be " + EXACTLY_ONCE_V2 + " or " + AT_LEAST_ONCE + ", got '"
                        + processingGuarantee + "'");
        require(numStreamThreads >= 1 && numStreamThreads <= 64, "num.stream.threads",
                "must be between 1 and 64, got " + numStreamThreads);
        require(commitInterval != null && !commitInterval.isNegative() && !commitInterval.isZero(),
                "commit.interval", "must be positive");
        require(readingsTopic != null && TOPIC.matcher(readingsTopic).matches(), "topics.readings",
                "must be a topic name of [A-Za-z0-9._-], got '" + readingsTopic + "'");
        require(deviceStateTopic != null && TOPIC.matcher(deviceStateTopic).matches(), "topics.device-state",
                "must be a topic name of [A-Za-z0-9._-], got '" + deviceStateTopic + "'");
        require(!readingsTopic.equals(deviceStateTopic), "topics.device-state", "must differ from topics.readings");
        require(orderedReadingsTopic != null && TOPIC.matcher(orderedReadingsTopic).matches(),
                "topics.readings-ordered", "must be a topic name of [A-Za-z0-9._-], got '" + orderedReadingsTopic + "'");
        require(aggregatesTopic != null && TOPIC.matcher(aggregatesTopic).matches(), "topics.aggregates",
                "must be a topic name of [A-Za-z0-9._-], got '" + aggregatesTopic + "'");
        require(new java.util.HashSet<>(List.of(readingsTopic, deviceStateTopic, orderedReadingsTopic,
                aggregatesTopic)).size() == 4,
                "topics.readings-ordered", "and topics.aggregates must differ from each other and from"
                        + " topics.readings and topics.device-state");
        require(positive(dedupeRetention), "dedupe.retention", "must be positive");
        require(positive(offlineAfter), "device.offline-after", "must be positive");
        require(positive(reorderDelay), "reorder.delay", "must be positive");
        require(positive(windowSize), "windows.size", "must be positive");
        require(windowGrace != null && !windowGrace.isNegative(), "windows.grace", "must not be negative");
        require(windowRetention != null && windowRetention.compareTo(windowSize.plus(windowGrace)) >= 0,
                "windows.retention", "must be at least windows.size + windows.grace ("
                        + windowSize.plus(windowGrace) + "), got " + windowRetention);
        require(topicPartitions >= 1, "topics.partitions", "must be at least 1, got " + topicPartitions);
        require(topicReplicationFactor >= 1, "topics.replication-factor", "must be at least 1");
        require(positive(startupTimeout), "startup.timeout", "must be positive");
        require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdown.timeout", "must not be negative");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(api, "api");
        List<String> others = List.of(readingsTopic, deviceStateTopic, orderedReadingsTopic, aggregatesTopic);
        require(!others.contains(alerts.anomaliesTopic()), "topics.anomalies", "must differ from the other topics,"
                + " got '" + alerts.anomaliesTopic() + "'");
        require(!others.contains(alerts.rulesTopic()), "topics.rules", "must differ from the other topics, got '"
                + alerts.rulesTopic() + "'");
    }

    /**
     * Reads and validates every key; see the class documentation for keys and defaults. A key from the file or
     * the command line that none of them is (a misspelling) fails too, naming the key.
     */
    public static ProcessorConfig from(ConfigSource c) {
        Map<String, String> kafka = KafkaSecurity.withoutOwnKeys(c.withPrefix("kafka."));
        kafka.remove("bootstrap.servers");
        String httpHost = c.string("http.host", "0.0.0.0");
        ProcessorConfig cfg = new ProcessorConfig(
                c.string("application.id", "telemetry-processor"),
                c.string("kafka.bootstrap.servers", "localhost:9092"),
                kafka,
                KafkaSecurity.from(c),
                httpHost,
                c.integer("http.port", 8080, 0, 65535),
                advertisedHost(c, httpHost),
                Path.of(c.string("state.dir", defaultStateDir())),
                c.string("processing.guarantee", EXACTLY_ONCE_V2).toLowerCase(Locale.ROOT),
                c.integer("num.stream.threads", 1, 1, 64),
                c.duration("commit.interval", Duration.ofMillis(100)),
                c.string("topics.readings", Topics.READINGS),
                c.string("topics.device-state", Topics.DEVICE_STATE),
                c.string("topics.readings-ordered", Topics.READINGS_ORDERED),
                c.string("topics.aggregates", Topics.AGGREGATES_1M),
                c.duration("dedupe.retention", TopologyConfig.DEFAULT_DEDUPE_RETENTION),
                c.duration("device.offline-after", TopologyConfig.DEFAULT_OFFLINE_AFTER),
                c.duration("reorder.delay", TopologyConfig.DEFAULT_REORDER_DELAY),
                c.duration("windows.size", TopologyConfig.DEFAULT_WINDOW_SIZE),
                c.duration("windows.grace", TopologyConfig.DEFAULT_WINDOW_GRACE),
                c.duration("windows.retention", TopologyConfig.DEFAULT_WINDOW_RETENTION),
                c.integer("topics.partitions", 6, 1, 10_000),
                (short) c.integer("topics.replication-factor", 1, 1, Short.MAX_VALUE),
                c.duration("startup.timeout", Duration.ofSeconds(30)),
                c.duration("shutdown.timeout", Duration.ofSeconds(30)),
                c.bool("shutdown.leave-group", true),
                alerts(c),
                c.integer("state.max-metrics-per-device", TopologyConfig.DEFAULT_MAX_METRICS_PER_DEVICE, 1,
                        1_000_000),
                api(c));
        // every reader above reads its keys whatever the mode (the JWT keys with api.auth.mode=off too)
        c.requireAllKeysKnown();
        return cfg;
    }

    /** The {@code api.*} keys; the files they name are read at start-up ({@code ApiSecurity.load}). */
    static ApiSecurityConfig api(ConfigSource c) {
        String tokens = c.string("api.auth.tokens-file", null);
        String key = c.string("api.auth.jwt.public-key-file", null);
        String origins = c.string("api.cors.allowed-origins", "");
        return new ApiSecurityConfig(ApiSecurityConfig.mode(c.string("api.auth.mode", "required")),
                tokens == null || tokens.isBlank() ? null : Path.of(tokens),
                key == null || key.isBlank() ? null : Path.of(key),
                blankToNull(c.string("api.auth.jwt.issuer", null)),
                blankToNull(c.string("api.auth.jwt.audience", null)),
                c.duration("api.auth.jwt.clock-skew", ApiSecurityConfig.DEFAULT_CLOCK_SKEW),
                Arrays.stream(origins.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The {@code alerts.*} keys and the anomalies and rules topics, each checked under its own key. */
    static AlertsConfig alerts(ConfigSource c) {
        String anomalies = c.string("topics.anomalies", Topics.ANOMALIES);
        String rules = c.string("topics.rules", Topics.RULES);
        require(TOPIC.matcher(anomalies).matches(), "topics.anomalies", "must be a topic name of [A-Za-z0-9._-], got '"
                + anomalies + "'");
        require(TOPIC.matcher(rules).matches(), "topics.rules", "must be a topic name of [A-Za-z0-9._-], got '"
                + rules + "'");
        require(!anomalies.equals(rules), "topics.rules", "must differ from topics.anomalies");
        Duration check = c.duration("alerts.check-interval", AlertsConfig.DEFAULT_CHECK_INTERVAL);
        require(positive(check), "alerts.check-interval", "must be positive");
        Duration idle = c.duration("alerts.idle-after", AlertsConfig.DEFAULT_IDLE_AFTER);
        require(positive(idle), "alerts.idle-after", "must be positive");
        String rawThreshold = c.string("alerts.outlier.threshold", null);
        double threshold = AlertsConfig.DEFAULT_OUTLIER_THRESHOLD;
        if (rawThreshold != null) {
            try {
                threshold = Double.parseDouble(rawThreshold);
            } catch (NumberFormatException e) {
                threshold = Double.NaN;
            }
            require(threshold > 0 && threshold <= 1, "alerts.outlier.threshold", "must be a score in (0, 1], got '"
                    + rawThreshold + "'");
        }
        Duration gapsClearAfter = c.duration("alerts.sequence-gaps.clear-after", AlertsConfig.DEFAULT_CLEAR_AFTER);
        require(positive(gapsClearAfter), "alerts.sequence-gaps.clear-after", "must be positive");
        Duration lateClearAfter = c.duration("alerts.late-data.clear-after", AlertsConfig.DEFAULT_CLEAR_AFTER);
        require(positive(lateClearAfter), "alerts.late-data.clear-after", "must be positive");
        return new AlertsConfig(anomalies, rules, check, idle, threshold,
                c.bool("alerts.offline.enabled", true),
                c.bool("alerts.sequence-gaps.enabled", true), gapsClearAfter,
                c.bool("alerts.late-data.enabled", true), lateClearAfter);
    }

    private static String advertisedHost(ConfigSource c, String httpHost) {
        String configured = c.string("http.advertised-host", null);
        if (configured != null) {
            return configured;
        }
        return WILDCARDS.contains(httpHost) ? machineName() : httpHost;
    }

    /** HOSTNAME (set in containers), else what the resolver says, else localhost. */
    static String machineName() {
        return MachineName.get().orElse("localhost");
    }

    /** {@code ${java.io.tmpdir}/telemetry-processor}. */
    static String defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "telemetry-processor").toString();
    }

    /** One line for the start-up log, with secrets masked. */
    public String summary() {
        Map<String, String> shown = new TreeMap<>();
        shown.put("application.id", applicationId);
        shown.put("kafka.bootstrap.servers", bootstrapServers);
        kafka.forEach((k, v) -> shown.put("kafka." + k, v));
        shown.putAll(kafkaSecurity.summary());
        shown.put("http.host", httpHost);
        shown.put("http.port", Integer.toString(httpPort));
        shown.put("http.advertised-host", httpAdvertisedHost);
        shown.put("state.dir", stateDir.toString());
        shown.put("processing.guarantee", processingGuarantee);
        shown.put("num.stream.threads", Integer.toString(numStreamThreads));
        shown.put("commit.interval", commitInterval.toString());
        shown.put("topics.readings", readingsTopic);
        shown.put("topics.device-state", deviceStateTopic);
        shown.put("topics.readings-ordered", orderedReadingsTopic);
        shown.put("topics.aggregates", aggregatesTopic);
        shown.put("dedupe.retention", dedupeRetention.toString());
        shown.put("device.offline-after", offlineAfter.toString());
        shown.put("reorder.delay", reorderDelay.toString());
        shown.put("windows.size", windowSize.toString());
        shown.put("windows.grace", windowGrace.toString());
        shown.put("windows.retention", windowRetention.toString());
        shown.put("topics.partitions", Integer.toString(topicPartitions));
        shown.put("topics.replication-factor", Short.toString(topicReplicationFactor));
        shown.put("startup.timeout", startupTimeout.toString());
        shown.put("shutdown.timeout", shutdownTimeout.toString());
        shown.put("shutdown.leave-group", Boolean.toString(shutdownLeaveGroup));
        shown.put("state.max-metrics-per-device", Integer.toString(stateMaxMetricsPerDevice));
        shown.put("topics.anomalies", alerts.anomaliesTopic());
        shown.put("topics.rules", alerts.rulesTopic());
        shown.put("alerts.check-interval", alerts.checkInterval().toString());
        shown.put("alerts.idle-after", alerts.idleAfter().toString());
        shown.put("alerts.outlier.threshold", Double.toString(alerts.outlierThreshold()));
        shown.put("alerts.offline.enabled", Boolean.toString(alerts.offline()));
        shown.put("alerts.sequence-gaps.enabled", Boolean.toString(alerts.sequenceGaps()));
        shown.put("alerts.sequence-gaps.clear-after", alerts.sequenceGapsClearAfter().toString());
        shown.put("alerts.late-data.enabled", Boolean.toString(alerts.lateData()));
        shown.put("alerts.late-data.clear-after", alerts.lateDataClearAfter().toString());
        shown.put("api.auth.mode", api.mode().name().toLowerCase(Locale.ROOT));
        shown.put("api.auth.tokens-file", String.valueOf(api.tokensFile()));
        shown.put("api.auth.jwt.public-key-file", String.valueOf(api.jwtPublicKeyFile()));
        shown.put("api.auth.jwt.issuer", String.valueOf(api.jwtIssuer()));
        shown.put("api.auth.jwt.audience", String.valueOf(api.jwtAudience()));
        shown.put("api.cors.allowed-origins", String.join(",", api.corsAllowedOrigins()));
        StringJoiner out = new StringJoiner(", ");
        shown.forEach((k, v) -> out.add(k + "=" + ConfigSource.mask(k, v)));
        return out.toString();
    }

    /** Like {@link #summary()}: a record's default toString would print passwords in kafka.*. */
    @Override
    public String toString() {
        return "ProcessorConfig[" + summary() + "]";
    }

    /**
     * What the Kafka clients get: the {@code kafka.*} pass-through with the security settings on top. Holds
     * secrets (Kafka itself logs them as {@code [hidden]}); never log it, log {@link #summary()}.
     */
    public Map<String, String> kafkaClient() {
        return kafkaSecurity.merge(kafka);
    }

    /** What the topology needs: topics and time rules. */
    public TopologyConfig topology() {
        return new TopologyConfig(readingsTopic, deviceStateTopic, orderedReadingsTopic, aggregatesTopic,
                dedupeRetention, offlineAfter, reorderDelay, windowSize, windowGrace, windowRetention, alerts,
                stateMaxMetricsPerDevice);
    }

    /** The host a person on this machine uses to reach the HTTP server: a wildcard listener via localhost. */
    public String httpDisplayHost() {
        return WILDCARDS.contains(httpHost) ? "localhost" : httpHost;
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
