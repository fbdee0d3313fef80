package dev.telemetry.gateway.replay;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.kafka.KafkaSecurity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest-gateway replay-dlq}: publish dead-lettered payloads again after a fix. */
@Command(name = "replay-dlq", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Publishes the raw payloads in telemetry.dlq again, each to the MQTT topic it first came on, at QoS 1,",
            "so that a gateway whose configuration or decoder has been fixed decodes them like new messages.",
            "Reads from --since (or the beginning) up to the end of the topic as of the start of the run.",
            "Payloads the DLQ holds truncated cannot be replayed and are counted as skipped. What still fails",
            "goes to the DLQ again, with its reason."},
        footer = {"", "Example: ingest-gateway replay-dlq --code TOPIC_MISMATCH --since 2h --dry-run"})
public final class ReplayDlqCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--kafka", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}", paramLabel = "SERVERS",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with the Kafka security keys (kafka.security.protocol, kafka.sasl.*,"
                    + " kafka.ssl.*), e.g. the gateway's own; the KAFKA_* environment variables work too.")
    Path config;

    @Option(names = "--mqtt-url", defaultValue = "${env:MQTT_URL:-tcp://localhost:1883}", paramLabel = "URL",
            description = "Broker to publish to (env MQTT_URL; default: ${DEFAULT-VALUE}).")
    String mqttUrl;

    @Option(names = "--code", paramLabel = "CODE", split = ",",
            description = "Only records with this error.code (repeatable or comma-separated; default: all).")
    List<String> codes = List.of();

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only records written since TIME: an ISO-8601 instant (2026-11-29T02:00:00Z) or a duration"
                    + " back from now (90m, 2h, PT2H). Default: the whole topic.")
    String since;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Replay at most N messages (default: no limit).")
    long limit;

    @Option(names = "--dry-run", description = "Count what would be replayed, publish nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative, got " + limit);
        }
        KafkaSecurity security;
        try {
            // no requireAllKeysKnown(): --config is usually the gateway's own file, whose other keys this
            // command has no use for; the gateway itself rejects misspellings in it
            security = KafkaSecurity.from(ConfigSource.load(config, System.getenv(), Map.of()));
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), "Kafka security: " + e.getMessage(), e);
        }
        DlqReplay.Result r = DlqReplay.run(new DlqReplay.Options(kafka, mqttUrl, new LinkedHashSet<>(codes),
                since == null ? null : parseSince(since), limit, dryRun, security));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %d message(s) from telemetry.dlq to %s%n", dryRun ? "would replay" : "replayed",
                r.replayedTotal(), mqttUrl);
        r.replayed().forEach((code, n) -> out.printf("  %-28s %d%n", code, n));
        if (!r.skippedTruncated().isEmpty()) {
            out.println("skipped (payload truncated in the DLQ): " + r.skippedTruncated());
        }
        if (r.filteredOut() > 0) {
            out.println("not selected by --code: " + r.filteredOut());
        }
        out.flush();
        return 0;
    }

    private Instant parseSince(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                String iso = value.toUpperCase().startsWith("P") ? value : "PT" + value.toUpperCase();
                return Instant.now().minus(Duration.parse(iso));
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--since must be an ISO-8601 instant like"
                        + " 2026-11-29T02:00:00Z or a duration like 90m, 2h or PT2H, got '" + value + "'");
            }
        }
    }
}
