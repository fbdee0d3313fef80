package dev.telemetry.processor.app;

import dev.telemetry.config.ConfigException;
import dev.telemetry.kafka.TopicBootstrap.Wanted;
import dev.telemetry.kafka.TopicBootstrap;
import dev.telemetry.processor.events.EventHub;
import dev.telemetry.processor.events.TopicEventFeed;
import dev.telemetry.processor.http.ApiServer;
import dev.telemetry.processor.http.security.ApiSecurity;
import dev.telemetry.processor.http.security.AuthMode;
import dev.telemetry.processor.query.AlertQueryService;
import dev.telemetry.processor.query.DeferredQueries;
import dev.telemetry.processor.query.DeviceQueryService;
import dev.telemetry.processor.query.StreamsReadiness;
import dev.telemetry.processor.rules.KafkaRuleCatalog;
import dev.telemetry.processor.topology.StateTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running stream processor: the Kafka Streams application plus its HTTP server. Embeddable (the
 * local stack runs it in-process); {@link ProcessorMain} is the command-line wrapper.
 *
 * <p>Start-up order: topics, topology, HTTP (probes answer "not ready" from the first moment, and the bound
 * port is needed for {@code application.server}), Kafka Streams. {@link #start} returns without waiting for
 * RUNNING; poll {@link #isReady()} or {@code /health/ready}.
 */
public final class StreamProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamProcessor.class);

    /** Recent live events each instance keeps so that reconnecting clients can resume. */
    static final int EVENT_HISTORY = 10_000;
    /** How long a rule write waits for Kafka, then for this instance's copy of the rules to show it. */
    static final Duration RULE_WRITE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RULE_APPLY_TIMEOUT = Duration.ofSeconds(5);

    private final ProcessorConfig cfg;
    private final ApiServer http;
    private final Metrics metrics;
    private final DeferredQueries queries;
    private final List<TopicEventFeed> events;
    private final KafkaRuleCatalog rules;
    private final AtomicReference<KafkaStreams> running;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile KafkaStreams streams;
    private boolean closed;

    private StreamProcessor(ProcessorConfig cfg, ApiServer http, Metrics metrics, DeferredQueries queries,
            List<TopicEventFeed> events, KafkaRuleCatalog rules, AtomicReference<KafkaStreams> running) {
        this.cfg = cfg;
        this.http = http;
        this.metrics = metrics;
        this.queries = queries;
        this.events = events;
        this.rules = rules;
        this.running = running;
    }

    /**
     * Creates missing topics, starts the HTTP server and Kafka Streams, and returns.
     *
     * @throws StartupException when Kafka is unreachable, a topic is unusable, the HTTP port is taken or the
     *         state directory is unusable
     * @throws ConfigException  when Kafka Streams rejects a {@code kafka.*} setting, or the API's token file or JWT
     *                          key cannot be read, or {@code api.auth.mode=required} has neither
     */
    public static StreamProcessor start(ProcessorConfig cfg) {
        // first: a missing or unreadable token file must stop the start before anything else happens
        ApiSecurity security = ApiSecurity.load(cfg.api());
        ensureTopics(cfg);
        Metrics metrics = new Metrics(cfg.applicationId());
        Topology topology = StateTopology.build(cfg.topology(), metrics.pipeline());
        log.debug("topology:\n{}", topology.describe());
        DeferredQueries queries = new DeferredQueries();
        EventHub hub = new EventHub(EVENT_HISTORY);
        List<TopicEventFeed> feeds = new ArrayList<>();
        try {
            feeds.add(follow(cfg, cfg.deviceStateTopic(), "state", hub));
            feeds.add(follow(cfg, cfg.alerts().anomaliesTopic(), "anomaly", hub));
        } catch (RuntimeException e) {
            feeds.forEach(TopicEventFeed::close);
            metrics.close();
            throw e;
        }
        AtomicReference<KafkaStreams> running = new AtomicReference<>();
        KafkaRuleCatalog rules = new KafkaRuleCatalog(running::get, StreamsSettings.producer(cfg),
                cfg.alerts().rulesTopic(), RULE_WRITE_TIMEOUT, RULE_APPLY_TIMEOUT);
        ApiServer http;
        try {
            http = ApiServer.start(cfg.httpHost(), cfg.httpPort(), cfg.httpAdvertisedHost(), queries, queries, queries,
                    metrics.registry(), hub, queries, rules, security);
        } catch (RuntimeException e) {
            feeds.forEach(TopicEventFeed::close);
            rules.close();
            metrics.close();
            throw new StartupException("cannot serve HTTP on " + cfg.httpHost() + ":" + cfg.httpPort()
                    + " (http.host, http.port): " + e.getMessage(), e);
        }
        if (security.mode() == AuthMode.OFF) {
            log.warn("API authentication is OFF (api.auth.mode=off): anyone who can reach port {} can read the fleet"
                    + " and change rules", http.port());
        }
        StreamProcessor processor = new StreamProcessor(cfg, http, metrics, queries, feeds, rules, running);
        try {
            processor.startStreams(topology);
        } catch (RuntimeException e) {
            processor.close();
            throw e;
        }
        return processor;
    }

    /** Publishes the records of {@code topic} as live events of {@code type}, following it from its end. */
    private static TopicEventFeed follow(ProcessorConfig cfg, String topic, String type, EventHub hub) {
        try {
            Properties client = StreamsSettings.admin(cfg);
            client.put("client.id", cfg.applicationId() + "-live-" + type + "-events");
            return TopicEventFeed.start(client, topic, type, hub);
        } catch (RuntimeException e) {
            throw new StartupException("cannot follow " + topic + " for live events: " + e.getMessage(), e);
        }
    }

    /** Creates missing topics; refuses existing ones whose cleanup policy would lose what they must keep. */
    private static void ensureTopics(ProcessorConfig cfg) {
        int p = cfg.topicPartitions();
        short r = cfg.topicReplicationFactor();
        try {
            TopicBootstrap.ensure(StreamsSettings.admin(cfg), List.of(
                    Wanted.any(cfg.readingsTopic(), p, r),
                    Wanted.compacted(cfg.deviceStateTopic(), p, r, "it must keep the latest state of every device,"
                            + " also of devices silent for longer than any retention"),
                    Wanted.any(cfg.orderedReadingsTopic(), p, r),
                    Wanted.any(cfg.aggregatesTopic(), p, r),
                    Wanted.compacted(cfg.alerts().rulesTopic(), p, r, "it is the store of the alert rules: every"
                            + " rule must stay until it is deleted, however old"),
                    Wanted.deleted(cfg.alerts().anomaliesTopic(), p, r, "alerting systems read every RAISED and"
                            + " RESOLVED in order; compaction would keep only each device's last change")),
                    cfg.startupTimeout(), "topics.partitions, topics.replication-factor");
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private void startStreams(Topology topology) {
        HostInfo self = new HostInfo(cfg.httpAdvertisedHost(), http.port());
        try {
            streams = new KafkaStreams(topology, StreamsSettings.streams(cfg, http.port()));
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException("Kafka Streams rejected the configuration (kafka.*): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StartupException("cannot create Kafka Streams (state.dir " + cfg.stateDir() + "): "
                    + e.getMessage(), e);
        }
        streams.setUncaughtExceptionHandler(new StreamThreadFailureHandler());
        streams.setStateListener(this::onStateChange);
        metrics.bind(streams);
        DeviceQueryService service = new DeviceQueryService(streams, cfg.readingsTopic(), self, cfg.windowSize());
        queries.bindAlerts(new AlertQueryService(streams, cfg.readingsTopic(), self));
        queries.bind(service, service, new StreamsReadiness(streams));
        running.set(streams);
        streams.start();
        log.info("Kafka Streams application {} started as {}", cfg.applicationId(), self);
    }

    private void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
        if (now == KafkaStreams.State.ERROR) {
            log.error("Kafka Streams is in ERROR (was {}); this instance no longer processes", before);
        } else {
            log.info("Kafka Streams {} -> {}", before, now);
        }
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            terminated.countDown();
        }
    }

    /** True when Kafka Streams is RUNNING and the device state is queryable (what {@code /health/ready} says). */
    public boolean isReady() {
        return queries.check().ready();
    }

    /** The HTTP port actually bound, also when {@code http.port} was 0. */
    public int httpPort() {
        return http.port();
    }

    /** The Kafka Streams state; CREATED until Kafka Streams exists. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
    }

    /** Blocks until Kafka Streams stops (ERROR or NOT_RUNNING) or {@link #close()} is called. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Stops HTTP, then Kafka Streams (bounded by {@code shutdown.timeout}). Idempotent, thread-safe. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            http.close();
            events.forEach(TopicEventFeed::close);
            rules.close();
        } finally {
            try {
                // Kafka Streams stays in the group on close by default (a bounce comes back before the session
                // times out); a stopped instance then holds its tasks for session.timeout.ms, and queries for
                // its devices get 503 for that long. Leaving hands them to the standby replicas at once.
                CloseOptions close = CloseOptions.groupMembershipOperation(cfg.shutdownLeaveGroup()
                                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                        .withTimeout(cfg.shutdownTimeout());
                if (streams != null && !streams.close(close)) {
                    log.warn("Kafka Streams did not close within {} (shutdown.timeout)", cfg.shutdownTimeout());
                }
            } finally {
                metrics.close();
                terminated.countDown();
            }
        }
    }
}
