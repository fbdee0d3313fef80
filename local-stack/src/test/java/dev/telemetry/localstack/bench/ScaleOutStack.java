package dev.telemetry.localstack.bench;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaClusterFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.model.Topics;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link ScaleOutBench} runs, all in this JVM except Mosquitto: the 3-broker KRaft cluster
 * ({@link KafkaClusterFixture}: replication factor 3, {@code min.insync.replicas=2}), gateways in one MQTT shared
 * subscription, and three stream processor instances of one application (own state directory and HTTP port,
 * one standby replica per task, no API authentication), configured as {@code ScaleOutIT} configures them. Keeps
 * which processor instances are live (answering queries) for the query loop.
 */
final class ScaleOutStack implements AutoCloseable {

    static final int PROCESSORS = 3;
    private static final String SHARED_FILTER = "$share/scale-bench/sensors/#";

    private final MosquittoProcess mosquitto;
    private final KafkaClusterFixture kafka;
    private final Path stateDirs;
    private final int partitions;
    private final Map<String, String> processorOverrides;
    private final String applicationId = "scale-bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Gateway> gateways = new LinkedHashMap<>();
    private final Map<String, String> gatewayOverrides;
    private final StreamProcessor[] processors = new StreamProcessor[PROCESSORS];
    private final boolean[] live = new boolean[PROCESSORS];

    private ScaleOutStack(MosquittoProcess mosquitto, KafkaClusterFixture kafka, Path stateDirs, int partitions,
            Map<String, String> processorOverrides, Map<String, String> gatewayOverrides) {
        this.mosquitto = mosquitto;
        this.kafka = kafka;
        this.stateDirs = stateDirs;
        this.partitions = partitions;
        this.processorOverrides = processorOverrides;
        this.gatewayOverrides = gatewayOverrides;
    }

    /**
     * Mosquitto and the Kafka cluster; gateways and processors are started by the caller, the processors with
     * {@code processorOverrides} and the gateways with {@code gatewayOverrides} over the scenario's settings.
     */
    static ScaleOutStack start(Path stateDirs, int partitions, Map<String, String> processorOverrides,
            Map<String, String> gatewayOverrides) {
        MosquittoProcess mosquitto = MosquittoProcess.start();
        try {
            return new ScaleOutStack(mosquitto, KafkaClusterFixture.start(), stateDirs, partitions,
                    processorOverrides, gatewayOverrides);
        } catch (RuntimeException e) {
            mosquitto.close();
            throw e;
        }
    }

    String mqttUrl() {
        return mosquitto.url();
    }

    KafkaClusterFixture kafka() {
        return kafka;
    }

    String applicationId() {
        return applicationId;
    }

    /** Starts a gateway with this id (and so this MQTT client id and persistent session) in the shared group. */
    synchronized void startGateway(String id) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "gateway.id", id,
                "mqtt.url", mosquitto.url(),
                "mqtt.topic-filter", SHARED_FILTER,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.partitions", Integer.toString(partitions),
                "topics.replication-factor", Short.toString(KafkaClusterFixture.REPLICATION_FACTOR),
                "http.host", "127.0.0.1",
                "http.port", "0"));
        settings.putAll(gatewayOverrides);
        gateways.put(id, Gateway.start(GatewayConfig.from(ConfigSource.of(settings))));
    }

    /**
     * Closes gateway {@code id} as its settings say: by default its session, and its share of the subscription,
     * stay; with {@code mqtt.shutdown.mode=leave} it unsubscribes, drains and ends its session.
     */
    void closeGateway(String id) {
        Gateway g;
        synchronized (this) {
            g = gateways.remove(id);
        }
        g.close();
    }

    synchronized boolean gatewaysConnected() {
        return gateways.values().stream().allMatch(Gateway::isConnected);
    }

    /** Starts processor instance {@code i} on its state directory; it is not live until {@link #markLive}. */
    void startProcessor(int i) {
        StreamProcessor p = StreamProcessor.start(processorConfig(i));
        synchronized (this) {
            processors[i] = p;
        }
    }

    synchronized void markLive(int i) {
        live[i] = true;
    }

    /** Takes instance {@code i} out of the live list first (as a readiness probe would), then closes it. */
    void closeProcessor(int i) {
        StreamProcessor p;
        synchronized (this) {
            live[i] = false;
            p = processors[i];
            processors[i] = null;
        }
        p.close();
    }

    synchronized StreamProcessor processor(int i) {
        return processors[i];
    }

    /** The HTTP ports of the live instances. */
    synchronized List<Integer> livePorts() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < PROCESSORS; i++) {
            if (live[i] && processors[i] != null) {
                ports.add(processors[i].httpPort());
            }
        }
        return ports;
    }

    /** The node index (0-based) of the leader of {@code telemetry.readings}-0. */
    int readingsLeader() {
        int leaderId = kafka.partitions(Topics.READINGS).get(0).leader().id();
        for (int i = 0; i < kafka.cluster().size(); i++) {
            if (kafka.cluster().nodeId(i) == leaderId) {
                return i;
            }
        }
        throw new IllegalStateException("the leader of " + Topics.READINGS + "-0 is node " + leaderId
                + ", which is not one of this cluster's");
    }

    /** Offsets the processors' consumer group committed on {@code telemetry.readings}, summed over partitions. */
    long committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.READINGS) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** The end offsets of {@code telemetry.readings}, summed over partitions. */
    long readingsEnd() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(Topics.READINGS, p), OffsetSpec.latest());
        }
        return kafka.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(r -> r.offset()).sum();
    }

    private ProcessorConfig processorConfig(int instance) {
        Map<String, String> settings = new HashMap<>();
        settings.put("application.id", applicationId);
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("state.dir", stateDirs.resolve("p" + (instance + 1)).toString());
        settings.put("topics.partitions", Integer.toString(partitions));
        settings.put("topics.replication-factor", Short.toString(KafkaClusterFixture.REPLICATION_FACTOR));
        settings.put("device.offline-after", "1h");
        settings.put("api.auth.mode", "off");
        // a standby per task: a closed instance's tasks move to a warm copy instead of a changelog restore
        settings.put("kafka.num.standby.replicas", "1");
        // a closed instance is noticed after the session timeout (Kafka Streams does not leave the group on close)
        settings.put("kafka.consumer.session.timeout.ms", "10000");
        settings.put("kafka.consumer.heartbeat.interval.ms", "1000");
        settings.put("kafka.probing.rebalance.interval.ms", "60000");
        settings.putAll(processorOverrides);
        return ProcessorConfig.from(ConfigSource.of(settings));
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        synchronized (this) {
            all.addAll(gateways.values());
            for (StreamProcessor p : processors) {
                if (p != null) {
                    all.add(p);
                }
            }
        }
        all.add(kafka);
        all.add(mosquitto);
        for (AutoCloseable c : all.stream().filter(Objects::nonNull).toList()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }
}
