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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A real, single-node Kafka broker in this JVM: KRaft mode, one process acting as broker and
 * controller ({@code process.roles=broker,controller}), started with Kafka's own server classes
 * ({@link Formatter} to format the storage, then {@link KafkaRaftServer}), exactly what
 * {@code kafka-storage.sh format} followed by {@code kafka-server-start.sh} do.
 *
 * <p>It listens on 127.0.0.1 only (PLAINTEXT for clients, a second port for the KRaft controller)
 * and is configured for one node: every internal topic (consumer offsets, transaction state,
 * share-group state) has replication factor 1 and min ISR 1, so consumer groups and exactly-once
 * Kafka Streams work. Topics are <em>not</em> auto-created ({@code auto.create.topics.enable=false}):
 * the services create theirs at start-up, and an auto-created topic would hide a service that
 * forgot to. New topics default to {@value #DEFAULT_PARTITIONS} partitions.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {   // any free port, temp data dir
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Kafka's fatal-fault handling is left as Kafka ships it: a fatal metadata error inside the
 * broker terminates the JVM, as it would terminate a real broker process.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Partitions of a topic created without an explicit count. */
    public static final int DEFAULT_PARTITIONS = 6;

    /** How long {@link #start} waits for the broker to answer before giving up. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final Duration startupTime;
    private final SecureBroker secure;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, int port, int controllerPort, Path dataDir,
                          boolean deleteDataDirOnClose, Duration startupTime, SecureBroker secure) {
        this.server = server;
        this.secure = secure;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.startupTime = startupTime;
    }

    /**
     * Starts a broker with the default single-node configuration.
     *
     * @see #start(int, Path, Map)
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * Formats the storage (unless {@code dataDir} already holds a formatted node, whose topics and
     * offsets are then kept) and starts the broker; returns once it answers an AdminClient
     * {@code describeCluster}.
     *
     * @param port      client port on 127.0.0.1, or 0 for any free port
     * @param dataDir   where the log and metadata directories go, created when missing; null for a
     *                  temporary directory that {@link #close()} deletes
     * @param overrides broker settings that replace or extend the defaults, e.g.
     *                  {@code Map.of("auto.create.topics.enable", "true")}
     * @throws dev.telemetry.localstack.support.PortInUseException when the port is taken
     * @throws IllegalStateException when the broker does not become ready within {@link #STARTUP_TIMEOUT}
     */
    public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides) {
        return start(port, dataDir, overrides, null, 0);
    }

    /**
     * Starts a broker that also has authenticated listeners: SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256 and
     * SCRAM-SHA-512 for the given users, and with {@link SecureListeners#withTls()} SSL and SASL_SSL with a
     * generated certificate. {@link #bootstrapServers()} stays the unauthenticated PLAINTEXT listener (the
     * broker's own, and handy for test set-up); clients under test use {@link #saslBootstrapServers()},
     * {@link #sslBootstrapServers()} or {@link #saslSslBootstrapServers()}. Returns once a SCRAM login works.
     *
     * <pre>{@code
     * try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(null, SecureListeners.sasl(Map.of("alice", "pw")))) {
     *     props.put("bootstrap.servers", kafka.saslBootstrapServers());
     *     props.put("security.protocol", "SASL_PLAINTEXT");
     * }
     * }</pre>
     *
     * @param dataDir as for {@link #start(int, Path, Map)}; the TLS files go to its {@code tls} directory
     */
    public static EmbeddedKafka startSecured(Path dataDir, SecureListeners listeners) {
        return start(0, dataDir, Map.of(), java.util.Objects.requireNonNull(listeners, "listeners"), 0);
    }

    /**
     * A broker whose clients all reach it through a proxy on {@code advertisedPort} (the port it advertises
     * to clients), while its own traffic (transaction markers, inter-broker requests) uses a separate
     * listener that bypasses the proxy: cutting the proxy cuts the clients off, not the broker from itself.
     * {@link #bootstrapServers()} is the broker's own client port, behind the proxy.
     */
    public static EmbeddedKafka startBehindProxy(int port, Path dataDir, int advertisedPort) {
        return start(port, dataDir, Map.of(), null, advertisedPort);
    }

    private static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides,
            SecureListeners listeners, int advertisedPort) {
        if (listeners != null && advertisedPort > 0) {
            throw new IllegalArgumentException("a broker is either secured or behind a proxy, not both");
        }
        long startNanos = System.nanoTime();
        int brokerPort = Ports.resolve(port, "Kafka broker");
        Ports.ensureFree(brokerPort, "Kafka broker");
        int controllerPort = Ports.freePort();
        Ports.ensureFree(controllerPort, "Kafka controller");

        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("embedded-kafka-") : dataDir.toAbsolutePath();
        Path logDir = dir.resolve("kraft-combined-logs");
        KafkaRaftServer server = null;
        try {
            Files.createDirectories(logDir);
            Map<String, String> props = brokerConfig(brokerPort, controllerPort, logDir);
            SecureBroker secure = listeners == null ? null : SecureBroker.prepare(listeners, dir);
            if (secure != null) {
                props.putAll(secure.brokerConfig(brokerPort, controllerPort, CONTROLLER_LISTENER));
            }
            if (advertisedPort > 0) {
                props.putAll(behindProxy(brokerPort, controllerPort, Ports.freePort(), advertisedPort));
            }
            props.putAll(overrides);
            format(logDir);
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = Ports.LOOPBACK + ":" + brokerPort;
            awaitReady(bootstrap, STARTUP_TIMEOUT);
            if (secure != null) {
                secure.createScramUsers(bootstrap, STARTUP_TIMEOUT);
                log.info("Embedded Kafka SASL listener on {} for users {}{}", secure.saslBootstrapServers(),
                        listeners.users().keySet(), listeners.tls() ? ", SSL on " + secure.sslBootstrapServers()
                                + ", SASL_SSL on " + secure.saslSslBootstrapServers() : "");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            log.info("Embedded Kafka (KRaft, node {}) ready on {} in {} ms, data in {}",
                    NODE_ID, bootstrap, took.toMillis(), dir);
            return new EmbeddedKafka(server, brokerPort, controllerPort, dir, temporary, took, secure);
        } catch (IOException e) {
            stopQuietly(server, dir, temporary);
            throw new UncheckedIOException("cannot prepare Kafka data directory " + logDir, e);
        } catch (RuntimeException e) {
            stopQuietly(server, dir, temporary);
            throw e;
        }
    }

    /** Listeners for {@link #startBehindProxy}: clients via the proxy, the broker's own requests on INTERNAL. */
    static Map<String, String> behindProxy(int brokerPort, int controllerPort, int internalPort, int advertisedPort) {
        return Map.of(
                "listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort + ",INTERNAL://" + Ports.LOOPBACK + ":"
                        + internalPort + "," + CONTROLLER_LISTENER + "://" + Ports.LOOPBACK + ":" + controllerPort,
                "advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + advertisedPort + ",INTERNAL://"
                        + Ports.LOOPBACK + ":" + internalPort,
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT," + CONTROLLER_LISTENER
                        + ":PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL");
    }

    /** The broker configuration for one combined broker+controller node on 127.0.0.1. */
    static Map<String, String> brokerConfig(int brokerPort, int controllerPort, Path logDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + Ports.LOOPBACK + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + Ports.LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        // One node: every internal topic must fit on it, or consumers and transactions hang.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");

        p.put("num.partitions", Integer.toString(DEFAULT_PARTITIONS));
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner (compacted topics) allocates this buffer up front; 128 MB by default.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            // formatted by an earlier run: keep its cluster id, topics and offsets
            log.debug("Kafka storage in {} is already formatted", logDir);
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        log.debug("Kafka storage format: {}", output.toString(StandardCharsets.UTF_8).trim());
    }

    private static void awaitReady(String bootstrap, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                int attemptMs = (int) Math.min(remainingMs, 5_000);
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMs))
                            .nodes().get(attemptMs + 1_000L, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;   // not up yet; retry shortly
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for embedded Kafka on " + bootstrap, e);
                }
            }
        }
        throw new IllegalStateException("embedded Kafka on " + bootstrap + " did not answer describeCluster within "
                + timeout.toSeconds() + " s; last error: " + (last == null ? "none" : last.getMessage()), last);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    /** The SASL_PLAINTEXT listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) of a {@link #startSecured} broker. */
    public String saslBootstrapServers() {
        return secured().saslBootstrapServers();
    }

    /** The SSL listener of a broker started with {@link SecureListeners#withTls()}. */
    public String sslBootstrapServers() {
        return secured().sslBootstrapServers();
    }

    /** The SASL_SSL listener of a broker started with {@link SecureListeners#withTls()}. */
    public String saslSslBootstrapServers() {
        return secured().saslSslBootstrapServers();
    }

    /** The PEM certificate clients trust for the TLS listeners ({@code ssl.truststore.type=PEM}). */
    public Path caCertificate() {
        return secured().caCertificate();
    }

    private SecureBroker secured() {
        if (secure == null) {
            throw new IllegalStateException("this broker has only a PLAINTEXT listener: start it with startSecured");
        }
        return secure;
    }

    /** The client (PLAINTEXT) port. */
    public int port() {
        return port;
    }

    /** The KRaft controller port (internal; clients never use it). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** How long {@link #start} took, from the call to the first answered {@code describeCluster}. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Shuts the broker down and waits until it has stopped; deletes the data directory when it was
     * a temporary one. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        if (deleteDataDirOnClose) {
            TempDirs.deleteRecursively(dataDir);
        }
        log.info("Embedded Kafka on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void stopQuietly(KafkaRaftServer server, Path dir, boolean temporary) {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("embedded Kafka failed to start and then failed to stop cleanly", e);
            }
        }
        if (temporary) {
            TempDirs.deleteRecursively(dir);
        }
    }
}
