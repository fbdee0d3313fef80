package dev.telemetry.processor.app;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code stream-processor} command: configure, start, run until SIGTERM / Ctrl-C or a fatal error. */
@Command(name = "stream-processor", mixinStandardHelpOptions = true, versionProvider = ProcessorMain.Version.class,
        description = {"Reconciles sensor readings from Kafka into per-device state and serves it over HTTP.",
                "Configuration: a properties file, then environment variables (http.port -> HTTP_PORT,"
                        + " kafka.* -> KAFKA_*), then --set. Keys and defaults: see README.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally (143 when stopped by SIGTERM, the JVM's convention)",
                "1:could not start, or stopped by a fatal error",
                "2:configuration error"})
public final class ProcessorMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with the configuration")
    Path config;

    @Option(names = {"--set", "-D"}, paramLabel = "KEY=VALUE",
            description = "override one configuration key, e.g. --set http.port=8081 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    public static void main(String[] args) {
        int code = new CommandLine(new ProcessorMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        ProcessorConfig cfg;
        try {
            cfg = ProcessorConfig.from(ConfigSource.load(config, System.getenv(), overrides));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        log.info("stream-processor {} starting with {}", Version.version(), cfg.summary());
        StreamProcessor processor;
        try {
            processor = StreamProcessor.start(cfg);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (StartupException e) {
            log.error("could not start: {}", e.getMessage());
            System.err.println("startup failed: " + e.getMessage());
            return 1;
        }
        String base = "http://" + cfg.httpDisplayHost() + ":" + processor.httpPort();
        log.info("API at {}/api/v1/devices, alerts at {}/api/v1/anomalies, rules at {}/api/v1/rules", base, base, base);
        log.info("health at {}/health/live and {}/health/ready, metrics at {}/metrics", base, base, base);
        Runtime.getRuntime().addShutdownHook(new Thread(processor::close, "stream-processor-shutdown"));
        try {
            processor.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean failed = processor.state() == KafkaStreams.State.ERROR;
        processor.close();
        if (failed) {
            log.error("stopped after a fatal error; exiting with 1 so that the process is restarted");
            return 1;
        }
        return 0;
    }

    /** The version from the build (a filtered resource). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"stream-processor " + version()};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = ProcessorMain.class.getResourceAsStream("/dev/telemetry/processor/version.properties")) {
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
