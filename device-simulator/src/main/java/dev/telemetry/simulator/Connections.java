package dev.telemetry.simulator;

import dev.telemetry.simulator.format.PayloadFormat;
import dev.telemetry.simulator.mqtt.ConnectionSettings;
import dev.telemetry.simulator.mqtt.MqttPublisher;
import dev.telemetry.simulator.mqtt.PublishStats;
import dev.telemetry.simulator.record.MessageRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Opens what a run writes to: the MQTT connections and the optional recording. */
final class Connections {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

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

    static List<MqttPublisher> connectAll(SimulatorConfig cfg, PayloadFormat format, PublishStats stats,
            MessageRecorder recorder) {
        List<MqttPublisher> publishers = new ArrayList<>();
        for (int c = 0; c < cfg.connections(); c++) {
            ConnectionSettings settings = new ConnectionSettings(cfg.mqttUrl(), cfg.clientIdPrefix() + "-" + c,
                    cfg.username(), cfg.password(), cfg.qos(), cfg.maxInFlight(), cfg.connectTimeout());
            try {
                publishers.add(MqttPublisher.connect(settings, stats, recorder, format.contentType(), format.isJson()));
            } catch (MqttException e) {
                publishers.forEach(p -> p.close(CLOSE_TIMEOUT));
                if (recorder != null) {
                    recorder.close();
                }
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new SimulatorException("cannot connect to the MQTT broker at " + cfg.mqttUrl() + " as client "
                        + settings.clientId() + ": " + e.getMessage() + " (reason code " + e.getReasonCode() + ", "
                        + cause + "); is the broker running and reachable?", e);
            }
        }
        return publishers;
    }
}
