package dev.telemetry.simulator;

import dev.telemetry.config.ConfigException;
import dev.telemetry.net.TlsFailures;
import dev.telemetry.net.TlsFiles;
import dev.telemetry.simulator.format.PayloadFormat;
import dev.telemetry.simulator.mqtt.ConnectionSettings;
import dev.telemetry.simulator.mqtt.PublishStats;
import dev.telemetry.simulator.mqtt.Publisher;
import dev.telemetry.simulator.mqtt.SessionOptions;
import dev.telemetry.simulator.record.MessageRecorder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens what a run writes to: the MQTT connections and the optional recording. */
final class Connections {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private Connections() {
    }

    static MessageRecorder openRecorder(SimulatorConfig cfg) {
        if (cfg.recordFile() == null) {
            return null;
        }
        try {
            return MessageRecorder.open(cfg.recordFile());
        } catch (RuntimeException e) {
            throw new SimulatorException(e.getMessage(), e);
        }
    }

    static List<Publisher> connectAll(SimulatorConfig cfg, PayloadFormat format, PublishStats stats,
            MessageRecorder recorder) {
        TlsFiles.Loaded tls = loadTls(cfg);
        List<Publisher> publishers = new ArrayList<>();
        SessionOptions session = SessionOptions.of(cfg.mqttVersion(), cfg.connectionDrops() > 0);
        for (int c = 0; c < cfg.connections(); c++) {
            ConnectionSettings settings = new ConnectionSettings(cfg.mqttUrl(), cfg.clientIdPrefix() + "-" + c,
                    cfg.username(), cfg.password(), cfg.qos(), cfg.maxInFlight(), cfg.connectTimeout(), tls);
            try {
                publishers.add(Publisher.connect(settings, session, stats, recorder, format.contentType(),
                        format.isJson()));
            } catch (Publisher.ConnectFailure e) {
                publishers.forEach(p -> p.close(CLOSE_TIMEOUT));
                if (recorder != null) {
                    recorder.close();
                }
                Throwable cause = e.getCause() == null ? e : e.getCause();
                String handshake = TlsFailures.explain(e, cfg.mqttUrl(), cfg.tls()).orElse(null);
                if (handshake != null) {
                    throw new SimulatorException(handshake + " (client " + settings.clientId() + ")", e);
                }
                throw new SimulatorException("cannot connect to the MQTT broker at " + cfg.mqttUrl() + " as client "
                        + settings.clientId() + " (MQTT " + (cfg.mqttVersion() == 3 ? "3.1.1" : "5") + "): "
                        + e.getMessage() + " (reason code " + e.reasonCode() + ", "
                        + cause + "); is the broker running and reachable?", e);
            }
        }
        return publishers;
    }

    /** The TLS files, read once for all connections; null without TLS. */
    private static TlsFiles.Loaded loadTls(SimulatorConfig cfg) {
        if (!TlsFiles.isTlsScheme(URI.create(cfg.mqttUrl()).getScheme())) {
            return null;
        }
        try {
            TlsFiles.Loaded loaded = cfg.tls().load();
            loaded.clientCertificateProblem(Instant.now()).ifPresent(problem -> LOG.warn("{}", problem));
            if (!cfg.tls().verifyHostname()) {
                LOG.warn("--insecure-skip-hostname-verify: any certificate signed by a trusted CA is accepted for {}",
                        cfg.mqttUrl());
            }
            return loaded;
        } catch (ConfigException e) {
            throw new SimulatorException(e.getMessage(), e);
        }
    }
}
