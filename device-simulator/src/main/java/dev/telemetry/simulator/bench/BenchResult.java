package dev.telemetry.simulator.bench;

import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measured; written as {@code result.json}.
 *
 * @param scenario         the scenario's parameters (devices, target rate, duration, ...)
 * @param rates            mean readings/s after the warm-up: published, broker (no-op subscriber), gateway, processor
 * @param latencyMillis    end-to-end latency percentiles, MQTT publish to device state: p50, p90, p99, p99.9, max, count
 * @param counts           totals: published, gateway (records in telemetry.readings), unique, duplicates, lost, processor
 * @param timeline         per second: [second, published/s, broker/s, gateway/s, processor/s]
 * @param environment      machine, JVM and versions
 */
public record BenchResult(
        Map<String, Object> scenario,
        Map<String, Double> rates,
        Map<String, Double> latencyMillis,
        Map<String, Long> counts,
        List<double[]> timeline,
        Map<String, String> environment) {
}
