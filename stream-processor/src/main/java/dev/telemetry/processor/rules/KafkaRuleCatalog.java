package dev.telemetry.processor.rules;

import dev.telemetry.model.Json;
import dev.telemetry.model.Rule;
import dev.telemetry.processor.query.StoreUnavailableException;
import dev.telemetry.processor.topology.StateTopology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules read from the global {@link StateTopology#RULES_STORE} of this instance's Kafka Streams and written to the
 * rules topic with an idempotent producer ({@code acks=all}).
 *
 * <p><b>Read your writes.</b> A write returns once Kafka acknowledged it and this instance's global store shows it
 * (usually within milliseconds), waiting at most {@code applyTimeout}; other instances catch up on their own,
 * equally fast. Writes to one rule are last-writer-wins: the topic is compacted by rule id.
 */
public final class KafkaRuleCatalog implements RuleCatalog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaRuleCatalog.class);
    private static final long POLL_MS = 20;

    private final Supplier<KafkaStreams> streams;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration writeTimeout;
    private final Duration applyTimeout;

    /**
     * @param streams        the running Kafka Streams, or null while it is being created
     * @param producerConfig producer settings (bootstrap servers, security); serializers and durability are set here
     * @param writeTimeout   how long a write waits for Kafka's acknowledgement
     * @param applyTimeout   how long a write then waits for this instance's global store to show it
     */
    public KafkaRuleCatalog(Supplier<KafkaStreams> streams, Properties producerConfig, String topic,
            Duration writeTimeout, Duration applyTimeout) {
        this(streams, new KafkaProducer<>(withDurability(producerConfig), new StringSerializer(),
                new ByteArraySerializer()), topic, writeTimeout, applyTimeout);
    }

    KafkaRuleCatalog(Supplier<KafkaStreams> streams, Producer<String, byte[]> producer, String topic,
            Duration writeTimeout, Duration applyTimeout) {
        this.streams = streams;
        this.producer = producer;
        this.topic = topic;
        this.writeTimeout = writeTimeout;
        this.applyTimeout = applyTimeout;
    }

    private static Properties withDurability(Properties config) {
        Properties p = new Properties();
        p.putAll(config);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    @Override
    public List<Rule> all() {
        List<Rule> rules = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store().all()) {
            it.forEachRemaining(kv -> parse(kv.key, kv.value).ifPresent(rules::add));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return rules;
    }

    @Override
    public Optional<Rule> find(String id) {
        return parse(id, raw(id));
    }

    @Override
    public Written put(Rule rule) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(rule);
        } catch (IOException e) {
            throw new IllegalStateException("a rule always serializes", e);
        }
        boolean created = raw(rule.id()) == null;
        send(new ProducerRecord<>(topic, rule.id(), bytes), "store rule " + rule.id());
        boolean visible = awaitStore(rule.id(), bytes);
        return new Written(rule, created, visible);
    }

    @Override
    public boolean delete(String id) {
        if (raw(id) == null) {
            return false;
        }
        send(new ProducerRecord<>(topic, id, null), "delete rule " + id);
        if (!awaitStore(id, null)) {
            log.info("rule {} deleted in Kafka; this instance's copy of the rules has not caught up after {}", id,
                    applyTimeout);
        }
        return true;
    }

    private void send(ProducerRecord<String, byte[]> record, String what) {
        try {
            producer.send(record).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteFailedException("interrupted while waiting for Kafka to " + what, e);
        } catch (ExecutionException e) {
            throw new WriteFailedException("Kafka refused to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new WriteFailedException("Kafka did not acknowledge within " + writeTimeout.toMillis() + " ms to "
                    + what + "; it may or may not have been applied, try again", e);
        }
    }

    /** Waits, bounded, until this instance's store holds {@code expected} (null: nothing) for {@code id}. */
    private boolean awaitStore(String id, byte[] expected) {
        long deadline = System.nanoTime() + applyTimeout.toNanos();
        while (true) {
            try {
                if (Arrays.equals(raw(id), expected)) {
                    return true;
                }
            } catch (StoreUnavailableException e) {
                log.debug("rules store not readable while waiting for rule {}: {}", id, e.getMessage());
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private byte[] raw(String id) {
        try {
            return store().get(id);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        KafkaStreams s = streams.get();
        if (s == null) {
            throw new StoreUnavailableException("the processor is starting");
        }
        try {
            return s.store(StoreQueryParameters.fromNameAndType(StateTopology.RULES_STORE,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private StoreUnavailableException unavailable(InvalidStateStoreException e) {
        KafkaStreams s = streams.get();
        return new StoreUnavailableException("the rules are not readable right now (Kafka Streams is "
                + (s == null ? "starting" : s.state()) + "): " + e.getMessage(), e);
    }

    private static Optional<Rule> parse(String id, byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            Rule rule = Json.mapper().readValue(bytes, Rule.class);
            return rule.id().equals(id) ? Optional.of(rule) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // written around the API; the detectors log it and skip it too
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
