package dev.telemetry.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.fixtures.KafkaClusterFixture;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The 3-node cluster behaves like a replicated production cluster: a topic with replication factor 3 keeps
 * taking {@code acks=all} writes and serving a consumer group while one broker is down, loses and duplicates
 * nothing, and the restarted broker catches up and is back in every ISR.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedKafkaClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private KafkaClusterFixture kafka;

    @BeforeAll
    void startCluster() {
        kafka = KafkaClusterFixture.start();
    }

    @AfterAll
    void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReplicateNewTopicsThreeTimesWithMinInSyncReplicasTwo() throws Exception {
        String topic = KafkaFixture.uniqueName("cluster-defaults");
        // no partition count, no replication factor: the cluster's defaults
        kafka.admin().createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();

        assertThat(kafka.partitions(topic)).hasSize(EmbeddedKafka.DEFAULT_PARTITIONS)
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
        assertThat(kafka.admin().describeCluster().nodes().get()).extracting(Node::id)
                .containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void shouldKeepProducingAndConsumingWithoutLossWhileOneBrokerIsDownAndRecoverTheIsr() throws Exception {
        String topic = KafkaFixture.uniqueName("cluster-failover");
        kafka.createTopic(topic, 6);
        Map<Long, Integer> consumed = new ConcurrentHashMap<>();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong sent = new AtomicLong();

        Thread producer = new Thread(() -> produce(topic, running, sent, acknowledged, failure), "it-producer");
        Thread consumer = new Thread(() -> consume(topic, running, consumed, failure), "it-consumer");
        producer.start();
        consumer.start();
        try {
            await().atMost(TIMEOUT).until(() -> acknowledged.size() >= 2_000 && consumed.size() >= 1_000);

            // stop the leader of partition 0: its leaderships have to move while writes go on
            int victim = kafka.partitions(topic).get(0).leader().id() - 1;
            kafka.stopBroker(victim);
            long ackedAtStop = acknowledged.size();
            await().atMost(TIMEOUT).until(() -> acknowledged.size() >= ackedAtStop + 3_000);
            List<TopicPartitionInfo> degraded = kafka.partitions(topic);
            assertThat(degraded).allSatisfy(p -> {
                assertThat(p.leader().id()).isNotEqualTo(victim + 1);
                assertThat(p.isr()).extracting(Node::id).doesNotContain(victim + 1).hasSize(2);
            });

            kafka.restartBroker(victim);
            long ackedAtRestart = acknowledged.size();
            await().atMost(TIMEOUT).until(() -> acknowledged.size() >= ackedAtRestart + 2_000);
            kafka.awaitAllInSync(TIMEOUT);
            assertThat(kafka.partitions(topic)).allSatisfy(p ->
                    assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3));
        } finally {
            running.set(false);
            producer.join(30_000);
        }
        assertThat(failure.get()).as("producer or consumer failure").isNull();
        assertThat(acknowledged).as("every send was acknowledged (acks=all)").hasSize((int) sent.get());

        // the consumer keeps going until it has seen everything that was acknowledged
        consumer.join(60_000);
        assertThat(failure.get()).as("consumer failure").isNull();
        Set<Long> missing = new TreeSet<>(acknowledged);
        missing.removeAll(consumed.keySet());
        assertThat(missing).as("acknowledged records the consumer group never saw").isEmpty();
        // the log itself (read without a group): every acknowledged record exactly once
        Map<Long, Integer> inLog = new HashMap<>();
        kafka.readAll(topic, TIMEOUT).forEach(r -> inLog.merge(Long.parseLong(r.value()), 1, Integer::sum));
        assertThat(inLog.keySet()).as("records in the log").containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(inLog.values()).as("copies of each record in the log (idempotent producer)").containsOnly(1);
        System.out.printf("EmbeddedKafkaClusterIT: %d records acknowledged and consumed across a broker stop and"
                + " restart%n", acknowledged.size());
    }

    private void produce(String topic, AtomicBoolean running, AtomicLong sent, Set<Long> acknowledged,
            AtomicReference<Throwable> failure) {
        Properties props = kafka.producerProps();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            long n = 0;
            while (running.get()) {
                long id = n++;
                sent.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, "key-" + (id % 50), Long.toString(id)), (metadata, e) -> {
                    if (e == null) {
                        acknowledged.add(id);
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
                if (id % 200 == 199) {
                    // a steady stream of about 2,000 records/s rather than a burst: the machine is shared (CI)
                    producer.flush();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** A consumer group member reading until the producer stopped and it has caught up with everything sent. */
    private void consume(String topic, AtomicBoolean running, Map<Long, Integer> consumed,
            AtomicReference<Throwable> failure) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueName("cluster-it"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            int emptyPollsAfterStop = 0;
            while (running.get() || emptyPollsAfterStop < 10) {
                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                records.forEach(r -> consumed.merge(Long.parseLong(r.value()), 1, Integer::sum));
                emptyPollsAfterStop = running.get() || !records.isEmpty() ? 0 : emptyPollsAfterStop + 1;
                consumer.commitAsync();
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }
}
