package dev.telemetry.gateway.app;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.replay.ReplayDlqCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ingest-gateway} command: configure, start, run until SIGTERM / Ctrl-C. */
@Command(name = "ingest-gateway", mixinStandardHelpOptions = true, versionProvider = GatewayMain.Version.class,
        subcommands = ReplayDlqCommand.class,
        description = {"Reads sensor readings from MQTT and writes them to Kafka, acknowledging each MQTT message"
                + " only after Kafka has it.",
                "Configuration: a properties file, then environment variables (mqtt.url -> MQTT_URL), then -D."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", "1:could not start (Kafka or broker unreachable, ...)",
                "2:configuration error"})
public final class GatewayMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with the configuration")
    Path config;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "override one configuration key, e.g. -Dmqtt.url=tcp://broker:1883 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    public static void main(String[] args) {
        // Paho logs through java.util.logging; send it to SLF4J like everything else
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = new CommandLine(new GatewayMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        GatewayConfig cfg;
        try {
            cfg = GatewayConfig.from(ConfigSource.load(config, System.getenv(), overrides));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        log.info("ingest-gateway {} starting with {}", Version.version(), cfg.summary());
        Gateway gateway;
        try {
            gateway = Gateway.start(cfg);
        } catch (StartupException e) {
            log.error("could not start: {}", e.getMessage());
            System.err.println("startup failed: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                gateway.close();
            } finally {
                stopped.countDown();
            }
        }, "gateway-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gateway.close();
        }
        return 0;
    }

    /** The version from the build (a filtered resource). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ingest-gateway " + version()};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = GatewayMain.class.getResourceAsStream("/dev/telemetry/gateway/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                log.debug("cannot read the version resource", e);
            }
            return p.getProperty("version", "unknown");
        }
    }
}
