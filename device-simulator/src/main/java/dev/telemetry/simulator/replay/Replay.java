package dev.telemetry.simulator.replay;

import dev.telemetry.simulator.SimulatorException;
import dev.telemetry.simulator.Summary;
import dev.telemetry.simulator.mqtt.ConnectionSettings;
import dev.telemetry.simulator.mqtt.PublishStats;
import dev.telemetry.simulator.mqtt.Publisher;
import dev.telemetry.simulator.mqtt.SessionOptions;
import dev.telemetry.simulator.rate.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a recording or a dataset over one MQTT connection: load, connect, publish on schedule,
 * wait for the acknowledgements, disconnect. Embeddable: {@code Replay.run(cfg, () -> false)}.
 */
public final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** What a replay sent. */
    public record Result(Summary summary, int items, int skippedRows) {
    }

    private Replay() {
    }

    /** The items to replay, in order, and the dataset rows skipped for having no value. */
    public static Result load(ReplayConfig cfg, List<ReplayItem> into) {
        if (cfg.isRecording()) {
            if (cfg.shiftToNow()) {
                throw new IllegalArgumentException("--shift-to-now is for datasets: a recording is replayed byte for"
                        + " byte, event times included");
            }
            into.addAll(RecordingReader.read(cfg.file()));
            return new Result(null, into.size(), 0);
        }
        if (cfg.mapping() == null) {
            throw new IllegalArgumentException(cfg.file() + " is a dataset, not a recording: map its columns with"
                    + " --time-column and --device-column or --device-id, and --metric-columns or --value-column");
        }
        DatasetReader.Dataset dataset = DatasetReader.read(cfg.file(), cfg.datasetKind(), cfg.mapping(), cfg.limit());
        dataset.readings().forEach(r -> into.add(r.asItem(cfg.topicPrefix())));
        return new Result(null, into.size(), dataset.skippedRows());
    }

    /**
     * Runs the whole replay and returns what was sent.
     *
     * @param stop polled while waiting; true ends the replay early
     * @throws SimulatorException when the broker cannot be reached
     */
    public static Result run(ReplayConfig cfg, BooleanSupplier stop) throws InterruptedException {
        List<ReplayItem> items = new java.util.ArrayList<>();
        Result loaded = load(cfg, items);
        LOG.info("replaying {} messages from {} at {} to {} (MQTT {}, QoS {}){}", items.size(), cfg.file(),
                Double.isInfinite(cfg.speed()) ? "maximum speed" : cfg.speed() + "x speed", cfg.mqttUrl(),
                cfg.mqttVersion() == 3 ? "3.1.1" : "5", cfg.qos(),
                loaded.skippedRows() > 0 ? ", " + loaded.skippedRows() + " rows without values skipped" : "");
        PublishStats stats = new PublishStats();
        ConnectionSettings settings = new ConnectionSettings(cfg.mqttUrl(), cfg.clientId(), cfg.username(),
                cfg.password(), cfg.qos(), cfg.maxInFlight(), cfg.connectTimeout());
        Publisher publisher;
        try {
            publisher = Publisher.connect(settings, SessionOptions.of(cfg.mqttVersion(), false), stats, null,
                    cfg.isRecording() ? null : "application/json", true);
        } catch (Publisher.ConnectFailure e) {
            throw new SimulatorException("cannot connect to the MQTT broker at " + cfg.mqttUrl() + " as client "
                    + cfg.clientId() + ": " + e.getMessage() + " (reason code " + e.reasonCode()
                    + "); is the broker running and reachable?", e);
        }
        long start = System.nanoTime();
        try {
            new Replayer(Ticker.system(), System::currentTimeMillis, stop)
                    .run(items, cfg.speed(), cfg.shiftToNow(), publisher);
            if (!publisher.awaitSettled(cfg.drainTimeout())) {
                LOG.warn("{} messages still unconfirmed {} ms after the last publish; counted as errors",
                        publisher.inFlight(), cfg.drainTimeout().toMillis());
            }
        } finally {
            publisher.close(CLOSE_TIMEOUT);
        }
        Summary summary = new Summary(stats.deliveredMessages(), stats.deliveredReadings(), stats.errors(),
                Duration.ofNanos(System.nanoTime() - start));
        return new Result(summary, items.size(), loaded.skippedRows());
    }
}
