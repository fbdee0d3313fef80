package dev.telemetry.localstack.kafka;

import dev.telemetry.localstack.support.Ports;
import dev.telemetry.localstack.support.TempDirs;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A real Kafka cluster of several nodes in this JVM, for tests that need replication: broker failures,
 * {@code min.insync.replicas}, leader changes. Each node is a combined broker and controller
 * ({@code process.roles=broker,controller}) with its own client port, controller port and data directory,
 * all of them voters of one static KRaft quorum ({@code controller.quorum.voters}). Three nodes tolerate
 * one node down: the quorum keeps two of three voters and every partition keeps two of three replicas.
 * (One dedicated controller plus three brokers would survive a broker failure as well, but the controller
 * would be a single point of failure the test cannot exercise, and it costs a fourth server.)
 *
 * <p>Replication as a production cluster of this size would have it: new topics and every internal topic
 * (consumer offsets, transaction state, share-group state) get replication factor {@code min(nodes, 3)},
 * and {@code min.insync.replicas} is one less ({@code 2} with three nodes), so {@code acks=all} writes and
 * exactly-once transactions keep working with one node down and stop, rather than lose data, with two
 * down. As in {@link EmbeddedKafka}: 127.0.0.1 only, no auto-created topics, a small log-cleaner buffer.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3)) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());   // all three nodes
 *     kafka.stopBroker(1);      // a clean shutdown of the second node
 *     kafka.restartBroker(1);   // same ports, same data directory: it rejoins and catches up
 * }
 * }</pre>
 *
 * <p>Nodes are numbered from 0 in this API; node {@code i} has KRaft {@code node.id} {@code i + 1}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** How long {@link #start} and {@link #restartBroker} wait for the node(s) to answer. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final String clusterId = Uuid.randomUuid().toString();
    private final Path dataDir;
    private final int[] ports;
    private final int[] controllerPorts;
    private final KafkaRaftServer[] servers;
    private final Map<String, String> overrides;
    private boolean closed;

    private EmbeddedKafkaCluster(int nodes, Path dataDir, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.overrides = Map.copyOf(overrides);
        this.ports = new int[nodes];
        this.controllerPorts = new int[nodes];
        this.servers = new KafkaRaftServer[nodes];
        for (int i = 0; i < nodes; i++) {
            ports[i] = Ports.freePort();
            controllerPorts[i] = Ports.freePort();
        }
    }

    /** Starts {@code nodes} nodes with the default configuration and temporary data directories. */
    public static EmbeddedKafkaCluster start(int nodes) {
        return start(nodes, Map.of());
    }

    /**
     * Formats every node's storage with one cluster id, starts all nodes at once (a node's broker waits for
     * the controller quorum, so they cannot start one after the other) and returns when every node is
     * registered, as seen by an AdminClient {@code describeCluster}.
     *
     * @param nodes     1 or more; 3 is what the replication defaults are made for
     * @param overrides broker settings replacing or extending the defaults, for every node
     * @throws IllegalStateException when the cluster is not ready within {@link #STARTUP_TIMEOUT}
     */
    public static EmbeddedKafkaCluster start(int nodes, Map<String, String> overrides) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + nodes);
        }
        long startNanos = System.nanoTime();
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(nodes, TempDirs.create("embedded-kafka-cluster-"),
                overrides);
        try {
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                int node = i;
                starting.add(CompletableFuture.runAsync(() -> cluster.startNode(node),
                        command -> new Thread(command, "embedded-kafka-start-" + node).start()));
            }
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new))
                    .get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            cluster.awaitNodes(allNodeIds(nodes), STARTUP_TIMEOUT);
            log.info("Embedded Kafka cluster ({} KRaft nodes) ready on {} in {} ms, data in {}", nodes,
                    cluster.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                    cluster.dataDir);
            return cluster;
        } catch (ExecutionException e) {
            cluster.close();
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r
                    : new IllegalStateException("cannot start the embedded Kafka cluster: " + cause, cause);
        } catch (TimeoutException e) {
            cluster.close();
            throw new IllegalStateException("the embedded Kafka cluster did not start within "
                    + STARTUP_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            cluster.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded Kafka cluster", e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The configuration of node {@code i}: combined broker and controller, voter of the static quorum. */
    Map<String, String> nodeConfig(int i) {
        String host = Ports.LOOPBACK;
        int replication = Math.min(servers.length, 3);
        String minIsr = Integer.toString(Math.max(1, replication - 1));
        Path logDir = logDir(i);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(i + 1));
        p.put("controller.quorum.voters", voters());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + host + ":" + ports[i] + "," + CONTROLLER_LISTENER + "://" + host + ":"
                + controllerPorts[i]);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + ports[i]);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        p.put("default.replication.factor", Integer.toString(replication));
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", Integer.toString(replication));
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", Integer.toString(replication));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
        p.put("share.coordinator.state.topic.min.isr", minIsr);

        p.put("num.partitions", Integer.toString(EmbeddedKafka.DEFAULT_PARTITIONS));
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // a restarted follower is back in the ISR soon after it caught up, not after the 30 s default
        p.put("replica.lag.time.max.ms", "10000");
        // The log cleaner (compacted topics) allocates this buffer up front; 128 MB by default, per node.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }

    private String voters() {
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < servers.length; i++) {
            voters.add((i + 1) + "@" + Ports.LOOPBACK + ":" + controllerPorts[i]);
        }
        return voters.toString();
    }

    private Path logDir(int i) {
        return dataDir.resolve("node-" + (i + 1));
    }

    private void startNode(int i) {
        Ports.ensureFree(ports[i], "Kafka broker " + (i + 1));
        Ports.ensureFree(controllerPorts[i], "Kafka controller " + (i + 1));
        format(i);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(nodeConfig(i), false), Time.SYSTEM);
        synchronized (this) {
            servers[i] = server;
        }
        server.startup();
    }

    /** Formats node {@code i}'s storage once; a restart finds it formatted and keeps its logs. */
    private void format(int i) {
        Path logDir = logDir(i);
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir);
            // static quorum (controller.quorum.voters): no initial controllers, no dynamic-quorum bootstrap
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(i + 1)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        log.debug("Kafka storage format of node {}: {}", i + 1, output.toString(StandardCharsets.UTF_8).trim());
    }

    /** Every node's {@code 127.0.0.1:<port>}, comma-separated, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        StringJoiner all = new StringJoiner(",");
        for (int port : ports) {
            all.add(Ports.LOOPBACK + ":" + port);
        }
        return all.toString();
    }

    /** Number of nodes, running or stopped. */
    public int size() {
        return servers.length;
    }

    /** Node {@code i}'s client (PLAINTEXT) port; it keeps it across restarts. */
    public int port(int i) {
        checkIndex(i);
        return ports[i];
    }

    /** Node {@code i}'s KRaft {@code node.id} (the broker id in topic metadata): {@code i + 1}. */
    public int nodeId(int i) {
        checkIndex(i);
        return i + 1;
    }

    /** The directory under which every node keeps its logs and metadata ({@code node-<id>}). */
    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning(int i) {
        checkIndex(i);
        return servers[i] != null;
    }

    /**
     * Shuts node {@code i} down cleanly (a controlled shutdown: its partition leaderships move to the other
     * nodes first) and waits until it has stopped. Its data directory stays for {@link #restartBroker}.
     */
    public void stopBroker(int i) {
        KafkaRaftServer server;
        synchronized (this) {
            checkIndex(i);
            server = servers[i];
            if (server == null) {
                throw new IllegalStateException("node " + (i + 1) + " is not running");
            }
            servers[i] = null;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka node {} (port {}) stopped in {} ms", i + 1, ports[i],
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Starts the stopped node {@code i} again on the same ports and data directory and returns once it is
     * registered with the cluster again. Its replicas then catch up in the background: wait for the ISR
     * (e.g. with {@code describeTopics}) before relying on them.
     *
     * @throws IllegalStateException when the node is running, or not back within {@link #STARTUP_TIMEOUT}
     */
    public void restartBroker(int i) {
        synchronized (this) {
            checkIndex(i);
            if (servers[i] != null) {
                throw new IllegalStateException("node " + (i + 1) + " is still running");
            }
        }
        long started = System.nanoTime();
        startNode(i);
        awaitNodes(Set.of(i + 1), STARTUP_TIMEOUT);
        log.info("Embedded Kafka node {} (port {}) restarted in {} ms", i + 1, ports[i],
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Waits until {@code describeCluster} lists every node of {@code nodeIds} among the live brokers. */
    private void awaitNodes(Set<Integer> nodeIds, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-cluster-readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> seen = Set.of();
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                            .get(6_000, TimeUnit.MILLISECONDS).stream().map(Node::id).collect(Collectors.toSet());
                    if (seen.containsAll(nodeIds)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;   // not up yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka nodes " + nodeIds, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
        throw new IllegalStateException("Kafka nodes " + nodeIds + " did not register within " + timeout.toSeconds()
                + " s (live: " + seen + "); last error: " + (last == null ? "none" : last.getMessage()), last);
    }

    private static Set<Integer> allNodeIds(int nodes) {
        Set<Integer> ids = new TreeSet<>();
        for (int i = 1; i <= nodes; i++) {
            ids.add(i);
        }
        return ids;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= servers.length) {
            throw new IllegalArgumentException("no node " + i + ": the cluster has nodes 0.." + (servers.length - 1));
        }
    }

    /** Shuts every running node down (all at once: each waits for the quorum) and deletes the data. Idempotent. */
    @Override
    public void close() {
        List<KafkaRaftServer> running = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 0; i < servers.length; i++) {
                if (servers[i] != null) {
                    running.add(servers[i]);
                    servers[i] = null;
                }
            }
        }
        long started = System.nanoTime();
        List<CompletableFuture<Void>> stopping = running.stream().map(server -> CompletableFuture.runAsync(() -> {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("an embedded Kafka node failed to stop cleanly", e);
            }
        }, command -> new Thread(command, "embedded-kafka-stop").start())).toList();
        stopping.forEach(CompletableFuture::join);
        TempDirs.deleteRecursively(dataDir);
        log.info("Embedded Kafka cluster on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
