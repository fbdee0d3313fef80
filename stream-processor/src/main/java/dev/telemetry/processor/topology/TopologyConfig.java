package dev.telemetry.processor.topology;

import dev.telemetry.model.Topics;
import dev.telemetry.processor.anomaly.AlertsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link StateTopology#build} needs to know: the topics it reads and writes and the time rules of
 * docs/semantics.md. Tests and side-by-side deployments use other names; production uses {@link #defaults()}.
 *
 * @param readingsTopic        input, one {@code Reading} per record, key = deviceId
 * @param deviceStateTopic     output, compacted, one {@code DeviceState} per device
 * @param orderedReadingsTopic output, the deduplicated readings per device in event-time order
 * @param aggregatesTopic      output, final {@code WindowAggregate}s
 * @param dedupeRetention      how long (in stream time) a reading's identity is remembered for dedupe
 * @param offlineAfter         wall-clock silence (since the device's lastReceived) after which it is OFFLINE
 * @param reorderDelay         how far behind stream time the reorder buffer releases readings; also the
 *                             wall-clock age after which a quiet partition's buffer is flushed
 * @param windowSize           tumbling window size
 * @param windowGrace          how long after its end (in stream time) a window still accepts readings
 * @param windowRetention      how long windows stay queryable (stream time), at least size + grace
 * @param alerts               rules, built-in detectors and their topics (docs/anomalies.md)
 * @param maxMetricsPerDevice  metrics kept in one device's state; readings of further metrics are counted
 *                             and left out of the state ({@code state.max-metrics-per-device})
 */
public record TopologyConfig(
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
        AlertsConfig alerts,
        int maxMetricsPerDevice) {

    /** Default bound on the metrics of one device's state: a device cannot grow its state without end. */
    public static final int DEFAULT_MAX_METRICS_PER_DEVICE = 1000;

    public static final Duration DEFAULT_DEDUPE_RETENTION = Duration.ofHours(1);
    public static final Duration DEFAULT_OFFLINE_AFTER = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REORDER_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_WINDOW_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_WINDOW_RETENTION = Duration.ofHours(1);

    public TopologyConfig {
        requireTopic("readingsTopic", readingsTopic);
        requireTopic("deviceStateTopic", deviceStateTopic);
        requireTopic("orderedReadingsTopic", orderedReadingsTopic);
        requireTopic("aggregatesTopic", aggregatesTopic);
        Objects.requireNonNull(alerts, "alerts");
        List<String> topics = List.of(readingsTopic, deviceStateTopic, orderedReadingsTopic, aggregatesTopic,
                alerts.anomaliesTopic(), alerts.rulesTopic());
        if (topics.stream().distinct().count() != topics.size()) {
            throw new IllegalArgumentException("readings, device-state, ordered-readings, aggregates, anomalies and"
                    + " rules topics must all differ, got " + topics);
        }
        requirePositive("dedupeRetention", dedupeRetention);
        requirePositive("offlineAfter", offlineAfter);
        requirePositive("reorderDelay", reorderDelay);
        requirePositive("windowSize", windowSize);
        Objects.requireNonNull(windowGrace, "windowGrace");
        if (windowGrace.isNegative()) {
            throw new IllegalArgumentException("windowGrace must not be negative");
        }
        if (maxMetricsPerDevice < 1) {
            throw new IllegalArgumentException("maxMetricsPerDevice must be positive, got " + maxMetricsPerDevice);
        }
        Objects.requireNonNull(windowRetention, "windowRetention");
        if (windowRetention.compareTo(windowSize.plus(windowGrace)) < 0) {
            throw new IllegalArgumentException("windowRetention (" + windowRetention + ") must be at least window size"
                    + " + grace (" + windowSize.plus(windowGrace) + ")");
        }
    }

    /** These topics, time rules and alert settings, with the default bound on metrics per device. */
    public TopologyConfig(String readingsTopic, String deviceStateTopic, String orderedReadingsTopic,
            String aggregatesTopic, Duration dedupeRetention, Duration offlineAfter, Duration reorderDelay,
            Duration windowSize, Duration windowGrace, Duration windowRetention, AlertsConfig alerts) {
        this(readingsTopic, deviceStateTopic, orderedReadingsTopic, aggregatesTopic, dedupeRetention, offlineAfter,
                reorderDelay, windowSize, windowGrace, windowRetention, alerts, DEFAULT_MAX_METRICS_PER_DEVICE);
    }

    /** These topics and time rules with the default alert settings. */
    public TopologyConfig(String readingsTopic, String deviceStateTopic, String orderedReadingsTopic,
            String aggregatesTopic, Duration dedupeRetention, Duration offlineAfter, Duration reorderDelay,
            Duration windowSize, Duration windowGrace, Duration windowRetention) {
        this(readingsTopic, deviceStateTopic, orderedReadingsTopic, aggregatesTopic, dedupeRetention, offlineAfter,
                reorderDelay, windowSize, windowGrace, windowRetention, AlertsConfig.defaults());
    }

    /** The given topics in and out, default ordered-readings and aggregates topics and default time rules. */
    public TopologyConfig(String readingsTopic, String deviceStateTopic) {
        this(readingsTopic, deviceStateTopic, Topics.READINGS_ORDERED, Topics.AGGREGATES_1M,
                DEFAULT_DEDUPE_RETENTION, DEFAULT_OFFLINE_AFTER, DEFAULT_REORDER_DELAY, DEFAULT_WINDOW_SIZE,
                DEFAULT_WINDOW_GRACE, DEFAULT_WINDOW_RETENTION);
    }

    /** The {@link Topics} names and the default time rules. */
    public static TopologyConfig defaults() {
        return new TopologyConfig(Topics.READINGS, Topics.DEVICE_STATE);
    }

    /** These time rules with other topics. */
    public TopologyConfig withTopics(String readings, String deviceState, String orderedReadings, String aggregates) {
        return new TopologyConfig(readings, deviceState, orderedReadings, aggregates, dedupeRetention, offlineAfter,
                reorderDelay, windowSize, windowGrace, windowRetention, alerts, maxMetricsPerDevice);
    }

    /** These topics and time rules with other alert settings. */
    public TopologyConfig withAlerts(AlertsConfig newAlerts) {
        return new TopologyConfig(readingsTopic, deviceStateTopic, orderedReadingsTopic, aggregatesTopic,
                dedupeRetention, offlineAfter, reorderDelay, windowSize, windowGrace, windowRetention, newAlerts,
                maxMetricsPerDevice);
    }

    /** These settings with another bound on the metrics kept per device. */
    public TopologyConfig withMaxMetricsPerDevice(int max) {
        return new TopologyConfig(readingsTopic, deviceStateTopic, orderedReadingsTopic, aggregatesTopic,
                dedupeRetention, offlineAfter, reorderDelay, windowSize, windowGrace, windowRetention, alerts, max);
    }

    /** How often the offline check runs: a tenth of the timeout, between 100 ms and 10 s. */
    public Duration offlineCheckInterval() {
        Duration tenth = offlineAfter.dividedBy(10);
        Duration min = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(10);
        return tenth.compareTo(min) < 0 ? min : tenth.compareTo(max) > 0 ? max : tenth;
    }

    private static void requireTopic(String field, String topic) {
        Objects.requireNonNull(topic, field);
        if (topic.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + d);
        }
    }
}
