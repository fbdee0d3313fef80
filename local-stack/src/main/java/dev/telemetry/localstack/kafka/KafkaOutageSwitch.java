package dev.telemetry.localstack.kafka;

import dev.telemetry.localstack.support.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka that can be made unavailable from outside the process, for the benchmark's outage scenario
 * ({@code --kafka-outage-file}): every client reaches Kafka through a {@link TcpProxy} (Kafka advertises
 * the proxy's port, so clients never learn the broker's own), and while the outage file exists the proxy
 * forwards nothing in either direction, keeping connections open: Kafka hangs, as under
 * {@code docker compose pause}. Deleting the file forwards again. A file needs no extra port, works from
 * any shell ({@code touch}, {@code rm}) and survives nothing it should not: it is checked every 100 ms.
 */
public final class KafkaOutageSwitch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageSwitch.class);
    private static final long POLL_MILLIS = 100;

    private final TcpProxy proxy;
    private final Path file;
    private final int targetPort;
    private final Thread watcher;
    private volatile boolean closed;

    private KafkaOutageSwitch(TcpProxy proxy, Path file, int targetPort) {
        this.proxy = proxy;
        this.file = file;
        this.targetPort = targetPort;
        this.watcher = new Thread(this::watch, "kafka-outage-switch");
        this.watcher.setDaemon(true);
    }

    /**
     * A proxy on {@code port} (0: any free port) to Kafka on {@code kafkaPort}, cut while {@code file} exists.
     * Start it before Kafka, whose advertised listener must be {@link #port()}.
     */
    public static KafkaOutageSwitch start(int port, int kafkaPort, Path file) {
        try {
            // left over from an earlier run, it would hang Kafka before the stack is even up
            if (Files.deleteIfExists(file)) {
                LOG.warn("deleted {} left over from an earlier run; Kafka starts available", file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot delete the outage file " + file
                    + " (--kafka-outage-file); Kafka would be unavailable from the start", e);
        }
        KafkaOutageSwitch s = new KafkaOutageSwitch(TcpProxy.start(port, kafkaPort), file, kafkaPort);
        s.watcher.start();
        LOG.info("Kafka clients go through a proxy on port {}; Kafka hangs while {} exists", s.port(), file);
        return s;
    }

    /** The port clients connect to. */
    public int port() {
        return proxy.port();
    }

    /** Kafka's own port, behind the proxy. */
    public int targetPort() {
        return targetPort;
    }

    private void watch() {
        boolean cut = false;
        while (!closed) {
            boolean exists = Files.exists(file);
            if (exists != cut) {
                cut = exists;
                if (cut) {
                    proxy.pause();
                    LOG.warn("{} exists: Kafka is unavailable (the proxy forwards nothing) until it is deleted", file);
                } else {
                    proxy.resume();
                    LOG.warn("{} deleted: Kafka is available again", file);
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        proxy.close();
    }
}
