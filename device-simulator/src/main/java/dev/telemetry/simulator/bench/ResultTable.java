package dev.telemetry.simulator.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The short table a run prints at the end. */
final class ResultTable {

    private ResultTable() {
    }

    static void print(PrintWriter out, BenchResult r, Path dir) {
        Map<String, Object> sc = r.scenario();
        out.println();
        out.printf(Locale.ROOT, "benchmark %s: %s devices, %s readings/message, target %s readings/s, %s (warm-up %s)%n",
                sc.get("scenario"), sc.get("devices"), sc.get("readingsPerMessage"), sc.get("targetReadingsPerSecond"),
                sc.get("duration"), sc.get("warmup"));
        out.printf(Locale.ROOT, "  %-38s %12s%n", "stage", "readings/s");
        out.printf(Locale.ROOT, "  %-38s %12.0f%n", "published (QoS 1, acked)", r.rates().get("published"));
        out.printf(Locale.ROOT, "  %-38s %12.0f%n", "broker -> no-op subscriber", r.rates().get("broker"));
        out.printf(Locale.ROOT, "  %-38s %12.0f%n", "gateway -> telemetry.readings", r.rates().get("gateway"));
        out.printf(Locale.ROOT, "  %-38s %12.0f%n", "processor -> telemetry.device-state", r.rates().get("processor"));
        out.println("  latency (ms)                  p50     p90     p99   p99.9     max   readings");
        latency(out, "publish -> telemetry.readings", r.gatewayLatencyMillis());
        latency(out, "publish -> device state", r.latencyMillis());
        Map<String, Long> c = r.counts();
        out.printf(Locale.ROOT, "  published %d (errors %d), in Kafka %d (%d unique, %d duplicates), lost (not in Kafka when the drain ended) %d,"
                        + " reflected in state %d%n", c.get("published"), c.get("publishErrors"), c.get("gateway"),
                c.get("gatewayUnique"), c.get("duplicates"), c.get("lost"), c.get("processor"));
        r.scenarioResults().forEach((k, v) -> out.printf(Locale.ROOT, "  %-38s %s%n", k, v));
        out.println("  results: " + dir.resolve("result.json") + ", " + dir.resolve("report.html"));
        out.flush();
    }

    private static void latency(PrintWriter out, String what, Map<String, Double> l) {
        out.printf(Locale.ROOT, "  %-28s %7.0f %7.0f %7.0f %7.0f %7.0f %10d%n", what, l.get("p50"), l.get("p90"),
                l.get("p99"), l.get("p99.9"), l.get("max"), l.get("count").longValue());
    }
}
