package dev.telemetry.localstack.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.telemetry.localstack.support.Ports;
import dev.telemetry.localstack.support.TempDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An MQTT broker (MQTT 3.1, 3.1.1 and 5) in this JVM: HiveMQ Community Edition, embedded.
 *
 * <p>It listens on 127.0.0.1 only, allows anonymous clients, loads no extensions and sends no
 * usage statistics (no outbound traffic at all). Its configuration is written to
 * {@code <dataDir>/conf/config.xml}; see {@link HiveMqConfig} for the settings and why.
 *
 * <pre>{@code
 * try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(0, null)) {   // any free port, temp dir
 *     new MqttAsyncClient(mqtt.url(), "client-1", new MemoryPersistence());
 * }
 * }</pre>
 *
 * <p>HiveMQ logs through SLF4J into the application's Logback configuration; its own start-up
 * logging bootstrap (which would detach the root appenders and install its own JUL bridge) is
 * switched off. The {@code logback.xml} at the root of HiveMQ's jar is excluded from the shaded
 * jar and loses against the application's on a plain class path (see {@code local-stack/pom.xml}).
 *
 * <p>Only one broker per JVM should run at a time with different {@link HiveMqConfig}s: HiveMQ
 * keeps the in-flight window ({@link HiveMqConfig#maxInflightWindow()}) in a static field.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    /** How long {@link #start} waits for the broker to start. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMqttBroker(EmbeddedHiveMQ hivemq, int port, Path dataDir, boolean deleteDataDirOnClose,
                               Duration startupTime) {
        this.hivemq = hivemq;
        this.port = port;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.startupTime = startupTime;
    }

    /** Starts a broker with the default configuration ({@link HiveMqConfig#defaults()}). */
    public static EmbeddedMqttBroker start(int port, Path dataDir) {
        return start(port, dataDir, HiveMqConfig.defaults());
    }

    /**
     * Starts the broker and returns once it accepts connections.
     *
     * @param port    MQTT port on 127.0.0.1, or 0 for any free port
     * @param dataDir where HiveMQ's {@code conf/}, {@code data/} and (empty) {@code extensions/} go,
     *                created when missing; null for a temporary directory that {@link #close()} deletes
     * @param config  broker settings
     * @throws dev.telemetry.localstack.support.PortInUseException when the port is taken
     * @throws IllegalStateException when HiveMQ fails or does not start within {@link #STARTUP_TIMEOUT}
     */
    public static EmbeddedMqttBroker start(int port, Path dataDir, HiveMqConfig config) {
        long startNanos = System.nanoTime();
        int mqttPort = Ports.resolve(port, "MQTT broker");
        Ports.ensureFree(mqttPort, "MQTT broker");
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("embedded-mqtt-") : dataDir.toAbsolutePath();
        EmbeddedHiveMQ hivemq = null;
        try {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Path data = Files.createDirectories(dir.resolve("data"));
            // an empty folder of our own, so HiveMQ never loads extensions from the working directory
            Path extensions = Files.createDirectories(dir.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), config.toXml(mqttPort), StandardCharsets.UTF_8);
            config.applyInternalSettings();
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            log.info("Embedded MQTT broker (HiveMQ CE, {} persistence) ready on tcp://{}:{} in {} ms",
                    config.persistence().xmlName(), Ports.LOOPBACK, mqttPort, took.toMillis());
            return new EmbeddedMqttBroker(hivemq, mqttPort, dir, temporary, took);
        } catch (IOException e) {
            closeQuietly(hivemq, dir, temporary);
            throw new UncheckedIOException("cannot prepare MQTT broker directory " + dir, e);
        } catch (ExecutionException e) {
            closeQuietly(hivemq, dir, temporary);
            throw new IllegalStateException("embedded MQTT broker failed to start on " + Ports.LOOPBACK + ":" + mqttPort
                    + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            closeQuietly(hivemq, dir, temporary);
            throw new IllegalStateException("embedded MQTT broker did not start on " + Ports.LOOPBACK + ":" + mqttPort
                    + " within " + STARTUP_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq, dir, temporary);
            throw new IllegalStateException("interrupted while starting the embedded MQTT broker", e);
        }
    }

    /** The MQTT port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>}, the server URI for Paho clients. */
    public String url() {
        return "tcp://" + Ports.LOOPBACK + ":" + port;
    }

    /** The directory holding {@code conf/}, {@code data/} and {@code extensions/}. */
    public Path dataDir() {
        return dataDir;
    }

    /** How long {@link #start} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Stops the broker (clients are disconnected) and all its threads; deletes the data directory
     * when it was a temporary one. Idempotent. Takes about 4 s: HiveMQ shuts its two Netty event
     * loop groups down gracefully, one after the other, each with Netty's 2 s quiet period.
     *
     * <p>This calls {@code EmbeddedHiveMQ.close()}, never only {@code stop()}: a stopped but not
     * closed HiveMQ keeps its non-daemon state-change thread, which keeps the JVM alive.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            hivemq.close();
        } catch (ExecutionException e) {
            log.warn("embedded MQTT broker on {} did not stop cleanly", url(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while stopping the embedded MQTT broker on {}", url());
        }
        if (deleteDataDirOnClose) {
            TempDirs.deleteRecursively(dataDir);
        }
        log.info("Embedded MQTT broker on {} stopped in {} ms", url(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq, Path dir, boolean temporary) {
        if (hivemq != null) {
            try {
                hivemq.close();
            } catch (ExecutionException e) {
                log.warn("embedded MQTT broker failed to start and then failed to stop cleanly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (temporary) {
            TempDirs.deleteRecursively(dir);
        }
    }
}
