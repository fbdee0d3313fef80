package dev.telemetry.simulator.bench;

import dev.telemetry.model.Topics;
import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: starts the probes, the simulated devices and the scenario's events (an outage, the
 * spikes), samples every second while publishing and while the pipeline drains, and collects a
 * {@link BenchResult}.
 */
final class BenchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration NO_PROGRESS = Duration.ofSeconds(15);
    /** Intervals in a row under the latency threshold that count as recovered. */
    private static final int STABLE_INTERVALS = 3;

    private final BenchSettings s;
    private final SimulatorConfig config;
    private final int metricsPerMessage;
    private final Timeline timeline = new Timeline();
    private long startNanos;
    private Double outageStartSecond;
    private Double outageEndSecond;

    private BenchRun(BenchSettings settings) {
        this.s = settings;
        this.config = settings.simulator();
        this.metricsPerMessage = settings.scenario().metrics().get().size();
    }

    /** Runs the scenario; the result counts failures (lost readings, missed alerts) rather than throwing. */
    static BenchResult execute(BenchSettings settings) throws Exception {
        return new BenchRun(settings).run();
    }

    private BenchResult run() throws Exception {
        String devicePrefix = config.devicePrefix();
        String ruleId = devicePrefix + "alert";
        RuleClient rules = s.isAlerts() ? new RuleClient(s.apiUrl(), s.apiToken()) : null;
        if (rules != null) {
            rules.put(ruleId, RuleClient.thresholdRule(devicePrefix + "*", BenchSettings.ALERT_METRIC,
                    BenchSettings.ALERT_THRESHOLD));
        }
        try (KafkaProbe kafka = KafkaProbe.start(s.kafka(), s.kafkaSecurity(), Topics.READINGS, Topics.DEVICE_STATE, devicePrefix);
                BrokerProbe broker = BrokerProbe.start(config.mqttUrl(), config.topicPrefix(), devicePrefix);
                AlertProbe alerts = rules == null ? null : AlertProbe.start(s.kafka(), Topics.ANOMALIES, ruleId);
                SpikeInjector spikes = rules == null ? null
                        : SpikeInjector.connect(config.mqttUrl(), config.topicPrefix(), devicePrefix)) {
            kafka.measureFrom(System.currentTimeMillis() + s.warmup().toMillis());
            kafka.expectDevices(config.devices());
            long startMillis = System.currentTimeMillis();
            startNanos = System.nanoTime();
            Simulator simulator = Simulator.start(config, s.scenario().metrics().get());
            LOG.info("benchmark {}: {} devices ({}*), {} readings/s for {}, warm-up {}", s.scenario().name(),
                    config.devices(), devicePrefix, s.scenario().closedLoop() ? "as many" : config.readingsPerSecond(),
                    config.duration(), s.warmup());
            try {
                publish(simulator, kafka, broker, spikes);
            } finally {
                simulator.stop();
                if (outageStartSecond != null && outageEndSecond == null) {
                    endOutage(); // whatever went wrong, do not leave Kafka cut off
                }
            }
            drain(simulator, kafka, broker, alerts, spikes);
            Map<String, Object> extra = scenarioResults(kafka, alerts, spikes, startMillis);
            return result(simulator, kafka, broker, extra);
        } finally {
            if (rules != null && !rules.delete(ruleId)) {
                LOG.warn("could not delete the benchmark's rule {}; delete it with DELETE /api/v1/rules/{}", ruleId,
                        ruleId);
            }
        }
    }

    private void publish(Simulator simulator, KafkaProbe kafka, BrokerProbe broker, SpikeInjector spikes)
            throws Exception {
        int injected = 0;
        while (!simulator.awaitCompletion(Duration.ofMillis(250))) {
            double t = seconds();
            if (timeline.samples().isEmpty() || t - lastSample() >= 1) {
                sample(simulator, broker, kafka);
            }
            if (s.isOutage() && outageStartSecond == null && t >= s.outageAfter().toMillis() / 1000.0) {
                ShellCommand.run("--outage-start-command", s.outageStartCommand(), COMMAND_TIMEOUT);
                outageStartSecond = seconds();
                LOG.info("outage started at {} s", Math.round(outageStartSecond));
            }
            if (outageStartSecond != null && outageEndSecond == null
                    && t >= outageStartSecond + s.outageFor().toMillis() / 1000.0) {
                endOutage();
            }
            if (spikes != null && injected < s.alerts()
                    && t >= (s.warmup().toMillis() + injected * s.alertInterval().toMillis()) / 1000.0) {
                spikes.inject(++injected, BenchSettings.ALERT_METRIC, BenchSettings.ALERT_THRESHOLD * 10);
            }
        }
        if (spikes != null && injected < s.alerts()) {
            LOG.warn("only {} of {} spikes fit into --duration {} at --alert-interval {}", injected, s.alerts(),
                    config.duration(), s.alertInterval());
        }
    }

    private void endOutage() throws Exception {
        ShellCommand.run("--outage-end-command", s.outageEndCommand(), COMMAND_TIMEOUT);
        outageEndSecond = seconds();
        LOG.info("outage ended at {} s", Math.round(outageEndSecond));
    }

    /** After publishing: until every reading is in Kafka and in the state (and every alert raised), or no progress. */
    private void drain(Simulator simulator, KafkaProbe kafka, BrokerProbe broker, AlertProbe alerts,
            SpikeInjector spikes) throws InterruptedException {
        long published = simulator.summary().readings();
        long end = System.nanoTime() + s.drain().toNanos();
        long lastProgress = System.nanoTime();
        long lastSeen = -1;
        long alertDeadline = System.nanoTime() + s.alertTimeout().toNanos();
        while (System.nanoTime() - end < 0) {
            sample(simulator, broker, kafka);
            boolean alertsDone = spikes == null || System.nanoTime() - alertDeadline >= 0
                    || spikes.spikes().stream().allMatch(sp -> alerts.raisedAt(sp.deviceId()) != null);
            boolean recovered = !s.isOutage() || outageEndSecond == null || (recovery(3).isPresent()
                    && recovery(4).isPresent());
            if (kafka.uniqueGatewayReadings() >= published && kafka.processorReadings() >= published && alertsDone
                    && recovered) {
                break;
            }
            long seen = kafka.uniqueGatewayReadings() + kafka.processorReadings();
            if (seen != lastSeen) {
                lastSeen = seen;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > NO_PROGRESS.toNanos() && alertsDone) {
                LOG.warn("no progress for {} s while draining; giving up waiting", NO_PROGRESS.toSeconds());
                break;
            }
            Thread.sleep(1000);
        }
        sample(simulator, broker, kafka);
    }

    private OptionalDouble recovery(int stage) {
        return Recovery.seconds(timeline.samples(), outageEndSecond, s.recoveryLatency().toMillis(), STABLE_INTERVALS,
                stage == 3 ? Timeline.Sample::gatewayLatencyP99 : Timeline.Sample::stateLatencyP99);
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private double lastSample() {
        var samples = timeline.samples();
        return samples.get(samples.size() - 1).second();
    }

    private void sample(Simulator simulator, BrokerProbe broker, KafkaProbe kafka) {
        double[] p99 = kafka.takeInterval();
        timeline.add(new Timeline.Sample(seconds(), simulator.summary().readings(),
                broker.messages() * metricsPerMessage, kafka.gatewayReadings(), kafka.processorReadings(), p99[0],
                p99[1]));
    }

    private Map<String, Object> scenarioResults(KafkaProbe kafka, AlertProbe alerts, SpikeInjector spikes,
            long startMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        double from = s.warmup().toMillis() / 1000.0;
        double to = config.duration().toMillis() / 1000.0;
        switch (s.scenario().name()) {
            case "max", "max-packs" -> {
                // the slowest stage while publishing is what the pipeline sustains end to end
                double sustained = Math.min(timeline.meanRate(2, from, to),
                        Math.min(timeline.meanRate(3, from, to), timeline.meanRate(4, from, to)));
                out.put("sustainedReadingsPerSecond", Math.round(sustained));
                Map<String, Long> peak = new LinkedHashMap<>();
                for (int stage = 1; stage <= 4; stage++) {
                    peak.put(new String[] {"published", "broker", "gateway", "processor"}[stage - 1],
                            Math.round(timeline.peakRate(stage, 10, from, Double.MAX_VALUE)));
                }
                out.put("peak10sReadingsPerSecond", peak);
            }
            case "devices-100k" -> {
                out.put("devicesInState", kafka.devicesInState());
                long at = kafka.allDevicesVisibleAt();
                out.put("secondsUntilAllDevicesInState", at < 0 ? null : (at - startMillis) / 1000.0);
                out.put("deviceCycleSeconds", round(config.devices() * (double) metricsPerMessage
                        / config.readingsPerSecond()));
            }
            case "outage" -> {
                out.put("outageStartSecond", round(outageStartSecond));
                out.put("outageEndSecond", round(outageEndSecond));
                out.put("recoveryLatencyThresholdMs", s.recoveryLatency().toMillis());
                out.put("gatewayRecoverySeconds", outageEndSecond == null ? null : orNull(recovery(3)));
                out.put("processorRecoverySeconds", outageEndSecond == null ? null : orNull(recovery(4)));
            }
            case "alerts" -> out.putAll(AlertResults.summarize(spikes.spikes(), alerts::raisedAt));
            default -> {
            }
        }
        return out;
    }

    private static Double orNull(OptionalDouble d) {
        return d.isPresent() ? round(d.getAsDouble()) : null;
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 10) / 10.0;
    }

    private BenchResult result(Simulator simulator, KafkaProbe probe, BrokerProbe broker, Map<String, Object> extra) {
        double from = s.warmup().toMillis() / 1000.0;
        double to = config.duration().toMillis() / 1000.0;
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("scenario", s.scenario().name());
        scenario.put("devices", config.devices());
        scenario.put("targetReadingsPerSecond", s.scenario().closedLoop() ? "max (closed loop)"
                : config.readingsPerSecond());
        scenario.put("readingsPerMessage", metricsPerMessage);
        scenario.put("format", config.format());
        scenario.put("duration", config.duration().toString());
        scenario.put("warmup", s.warmup().toString());
        scenario.put("mqttConnections", config.connections());
        scenario.put("maxInFlightPerConnection", config.maxInFlight());
        scenario.put("qos", config.qos());
        scenario.put("mqttUrl", config.mqttUrl());
        scenario.put("kafka", s.kafka());
        scenario.put("devicePrefix", config.devicePrefix());
        scenario.put("seed", config.seed());
        if (s.isOutage()) {
            scenario.put("outageAfter", s.outageAfter().toString());
            scenario.put("outageFor", s.outageFor().toString());
            scenario.put("outageStartCommand", s.outageStartCommand());
            scenario.put("outageEndCommand", s.outageEndCommand());
        }
        if (s.isAlerts()) {
            scenario.put("alerts", s.alerts());
            scenario.put("alertInterval", s.alertInterval().toString());
            scenario.put("alertRule", BenchSettings.ALERT_METRIC + " above " + BenchSettings.ALERT_THRESHOLD);
        }

        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("published", timeline.meanRate(1, from, to));
        rates.put("broker", timeline.meanRate(2, from, to));
        rates.put("gateway", timeline.meanRate(3, from, to));
        rates.put("processor", timeline.meanRate(4, from, to));

        long published = simulator.summary().readings();
        long unique = probe.uniqueGatewayReadings();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("published", published);
        counts.put("publishErrors", simulator.summary().errors());
        counts.put("brokerDelivered", broker.messages() * metricsPerMessage);
        counts.put("gateway", probe.gatewayReadings());
        counts.put("gatewayUnique", unique);
        counts.put("duplicates", probe.gatewayReadings() - unique);
        counts.put("lost", Math.max(0, published - unique));
        counts.put("processor", probe.processorReadings());
        counts.put("probeFailed", probe.failure() == null ? 0L : 1L);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("benchMaxHeapMb", Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        env.put("time", Instant.now().toString());
        return new BenchResult(scenario, rates, percentiles(probe.latency()), percentiles(probe.gatewayLatency()),
                counts, extra, timeline.rates(), env);
    }

    static Map<String, Double> percentiles(Histogram h) {
        Map<String, Double> latency = new LinkedHashMap<>();
        latency.put("p50", (double) h.getValueAtPercentile(50));
        latency.put("p90", (double) h.getValueAtPercentile(90));
        latency.put("p99", (double) h.getValueAtPercentile(99));
        latency.put("p99.9", (double) h.getValueAtPercentile(99.9));
        latency.put("max", (double) h.getMaxValue());
        latency.put("count", (double) h.getTotalCount());
        return latency;
    }
}
