package dev.telemetry.simulator.bench;

import dev.telemetry.kafka.KafkaSecurity;
import dev.telemetry.simulator.SimulatorConfig;
import java.time.Duration;

/**
 * One run's settings: the scenario's defaults with the command line's overrides applied, validated.
 *
 * @param kafkaSecurity       how the probes log in to Kafka (--kafka-config, KAFKA_* environment)
 * @param outageAfter         when the outage starts, after the start of publishing
 * @param outageFor           how long Kafka stays unavailable (the time between the two commands)
 * @param recoveryLatency     a stage has recovered once its p99 latency stays under this
 * @param alerts              spikes to inject (alert scenario)
 * @param alertInterval       time between two spikes
 * @param alertTimeout        how long after the last spike to wait for its RAISED
 */
record BenchSettings(Scenario scenario, SimulatorConfig simulator, String kafka, KafkaSecurity kafkaSecurity,
        Duration warmup, Duration drain,
        String outageStartCommand, String outageEndCommand, Duration outageAfter, Duration outageFor,
        Duration recoveryLatency, String apiUrl, String apiToken, int alerts, Duration alertInterval,
        Duration alertTimeout) {

    /** The metric the alert rule watches and the spikes break. */
    static final String ALERT_METRIC = "temperature";
    /** The rule's threshold: far above any simulated temperature (15..25 °C plus a daily swing). */
    static final double ALERT_THRESHOLD = 1_000;

    BenchSettings {
        Duration duration = simulator.duration();
        if (warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--warmup (" + warmup + ") must be shorter than --duration ("
                    + duration + ")");
        }
        // fields are assigned only after a compact constructor's body: test the parameters
        if (scenario.name().equals("outage")) {
            if ((outageStartCommand == null) != (outageEndCommand == null)) {
                throw new IllegalArgumentException(
                        "--outage-start-command and --outage-end-command go together: give both or neither");
            }
            if (outageStartCommand == null) {
                throw new IllegalArgumentException("--scenario outage needs --outage-start-command and"
                        + " --outage-end-command (how to make Kafka unavailable and bring it back); for the local"
                        + " stack use scripts/bench-outage");
            }
            if (outageAfter.plus(outageFor).compareTo(duration) >= 0) {
                throw new IllegalArgumentException("--outage-after (" + outageAfter + ") + --outage-for ("
                        + outageFor + ") must end before --duration (" + duration + ") so recovery is measured");
            }
        }
        if (scenario.name().equals("alerts") && alerts < 1) {
            throw new IllegalArgumentException("--alerts must be at least 1, got " + alerts);
        }
    }

    boolean isOutage() {
        return scenario.name().equals("outage");
    }

    boolean isAlerts() {
        return scenario.name().equals("alerts");
    }

    boolean isDevices() {
        return scenario.name().equals("devices-100k");
    }
}
