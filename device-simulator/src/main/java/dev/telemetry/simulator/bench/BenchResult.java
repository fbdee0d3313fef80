package dev.telemetry.simulator.bench;

import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measured; written as {@code result.json}.
 *
 * @param scenario             the scenario's parameters (name, devices, target rate, duration, ...)
 * @param rates                mean readings/s after the warm-up while publishing: published, broker (no-op
 *                             subscriber), gateway, processor
 * @param latencyMillis        end-to-end latency percentiles, MQTT publish to device state: p50, p90, p99,
 *                             p99.9, max, count
 * @param gatewayLatencyMillis the same from MQTT publish to the record in {@code telemetry.readings}
 * @param counts               totals: published, gateway (records in telemetry.readings), unique, duplicates,
 *                             lost, processor
 * @param scenarioResults      what only this scenario measures (recovery time, time until all devices are
 *                             visible, alert latency, ...); empty for {@code steady}
 * @param timeline             per interval, see {@link Timeline#COLUMNS}
 * @param environment          machine, JVM and versions
 */
public record BenchResult(
        Map<String, Object> scenario,
        Map<String, Double> rates,
        Map<String, Double> latencyMillis,
        Map<String, Double> gatewayLatencyMillis,
        Map<String, Long> counts,
        Map<String, Object> scenarioResults,
        List<double[]> timeline,
        Map<String, String> environment) {
}
