package dev.telemetry.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** {@link ProcessorThroughputBench}'s {@code result.json}, its printed table, and its completeness check. */
final class ProcessorBenchReport {

    /** The processor's memory: heap after a full GC (bytes), most heap after any GC (MiB), resident set (bytes). */
    record Memory(long heapAfterFullGcBytes, long maxHeapAfterAnyGcMiB, long residentBytes) {
    }

    private ProcessorBenchReport() {
    }

    static void fill(ObjectNode json, ProcessorBenchOptions o, ReadingBacklog.Produced produced,
            List<RawConsumeRate.Pass> raw, ProcessorThroughputBench.ProcessorRun run, Memory memory,
            StateQueries.Latency latency, StateQueries.Check check, String loadBefore, String loadAfter) {
        ObjectNode machine = json.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("loadAverageBefore", loadBefore);
        machine.put("loadAverageAfter", loadAfter);

        ObjectNode backlog = json.putObject("backlog");
        backlog.put("readings", produced.readings());
        backlog.put("duplicates", produced.duplicates());
        backlog.put("records", produced.records());
        backlog.put("devices", o.devices());
        backlog.put("metricsPerDevice", o.metrics());
        backlog.put("intervalSeconds", o.interval().toSeconds());
        backlog.put("partitions", o.partitions());
        backlog.put("brokers", o.brokers());
        backlog.put("produceSeconds", round(produced.seconds(), 2));

        RawConsumeRate.Pass counted = raw.get(raw.size() - 1);
        ObjectNode rawNode = json.putObject("raw");
        rawNode.put("readingsPerSecond", Math.round(counted.perSecond()));
        rawNode.put("cpuMicrosPerReading", round(counted.cpuNanos() / 1e3 / counted.records(), 2));
        ArrayNode passes = rawNode.putArray("passes");
        for (RawConsumeRate.Pass p : raw) {
            ObjectNode pass = passes.addObject();
            pass.put("records", p.records());
            pass.put("seconds", round(p.seconds(), 3));
            pass.put("readingsPerSecond", Math.round(p.perSecond()));
            pass.put("cpuNanos", p.cpuNanos());
        }

        ObjectNode proc = json.putObject("processor");
        proc.put("processingGuarantee", "exactly_once_v2");
        proc.put("maxHeap", o.processorHeap());
        proc.putPOJO("settings", o.processor());
        proc.put("startupSeconds", round(run.startupSeconds(), 2));
        proc.put("committedAtReady", run.committedAtReady());
        proc.put("processed", run.committed());
        proc.put("seconds", round(run.seconds(), 3));
        proc.put("readingsPerSecond", Math.round(run.perSecond()));
        proc.put("ratioToRaw", round(run.perSecond() / counted.perSecond(), 3));
        proc.put("cpuMicrosPerReading", round(run.cpuNanos() / 1e3 / run.committed(), 2));
        ArrayNode timeline = proc.putArray("timeline");
        run.timeline().forEach(sample -> timeline.addArray().add(sample[0]).add(sample[1]));

        ObjectNode heap = json.putObject("heap");
        heap.put("devicesInState", o.devices());
        heap.put("usedAfterFullGcBytes", memory.heapAfterFullGcBytes());
        heap.put("usedAfterFullGcMiB", round(memory.heapAfterFullGcBytes() / 1048576.0, 1));
        heap.put("maxUsedAfterAnyGcMiB", memory.maxHeapAfterAnyGcMiB());
        heap.put("residentSetMiB", round(memory.residentBytes() / 1048576.0, 1));

        ObjectNode q = json.putObject("queries");
        q.put("threads", o.queryThreads());
        q.put("warmup", o.warmupQueries());
        q.put("count", latency.micros().getTotalCount());
        q.put("errors", latency.errors());
        q.put("perSecond", Math.round(latency.perSecond()));
        ObjectNode ms = q.putObject("latencyMs");
        Histogram h = latency.micros();
        ms.put("p50", millis(h.getValueAtPercentile(50)));
        ms.put("p90", millis(h.getValueAtPercentile(90)));
        ms.put("p99", millis(h.getValueAtPercentile(99)));
        ms.put("p99.9", millis(h.getValueAtPercentile(99.9)));
        ms.put("max", millis(h.getMaxValue()));
        ms.put("mean", round(h.getMean() / 1000, 3));

        ObjectNode c = json.putObject("check");
        c.put("devices", check.devices());
        c.put("mismatches", check.mismatches());
        c.putPOJO("examples", check.examples());

        ObjectNode goals = json.putObject("goals");
        goal(goals, "readingsPerSecond", ProcessorThroughputBench.GOAL_READINGS_PER_SECOND, run.perSecond(), true);
        goal(goals, "ratioToRaw", ProcessorThroughputBench.GOAL_RATIO, run.perSecond() / counted.perSecond(), true);
        goal(goals, "queryP99Ms", ProcessorThroughputBench.GOAL_QUERY_P99_MS,
                h.getValueAtPercentile(99) / 1000.0, false);
        goal(goals, "heapAfterFullGcMiB", ProcessorThroughputBench.GOAL_HEAP_MIB,
                memory.heapAfterFullGcBytes() / 1048576.0, false);
    }

    private static void goal(ObjectNode goals, String name, double goal, double measured, boolean atLeast) {
        ObjectNode g = goals.putObject(name);
        g.put("goal", (atLeast ? ">= " : "<= ") + goal);
        g.put("measured", round(measured, 3));
        g.put("met", atLeast ? measured >= goal : measured <= goal);
    }

    static void printTable(JsonNode json) {
        JsonNode b = json.get("backlog");
        JsonNode q = json.get("queries").get("latencyMs");
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d records (%,d devices, %d metrics, %d partitions), load %s -> %s%n",
                b.get("records").asLong(), b.get("devices").asLong(), b.get("metricsPerDevice").asInt(),
                b.get("partitions").asInt(), json.get("machine").get("loadAverageBefore").asText(),
                json.get("machine").get("loadAverageAfter").asText());
        System.out.println("measure                              value        goal        met");
        JsonNode goals = json.get("goals");
        row("processor readings/s (EOS v2)", goals.get("readingsPerSecond"));
        System.out.printf(Locale.ROOT, "%-34s %,12d%n", "raw consumer readings/s", json.get("raw").get("readingsPerSecond").asLong());
        row("ratio processor / raw", goals.get("ratioToRaw"));
        System.out.printf(Locale.ROOT, "%-34s %12s%n", "query ms p50 / p99 / p99.9", q.get("p50").asDouble() + " / "
                + q.get("p99").asDouble() + " / " + q.get("p99.9").asDouble());
        row("query p99 ms", goals.get("queryP99Ms"));
        row("heap MiB after full GC", goals.get("heapAfterFullGcMiB"));
        System.out.printf(Locale.ROOT, "%-34s %12s%n", "CPU µs/reading raw / processor",
                json.get("raw").get("cpuMicrosPerReading").asDouble() + " / "
                        + json.get("processor").get("cpuMicrosPerReading").asDouble());
        System.out.printf(Locale.ROOT, "%-34s %12s%n", "devices checked / mismatches",
                json.get("check").get("devices").asInt() + " / " + json.get("check").get("mismatches").asLong());
    }

    private static void row(String label, JsonNode goal) {
        System.out.printf(Locale.ROOT, "%-34s %,12.2f  %-10s  %s%n", label, goal.get("measured").asDouble(),
                goal.get("goal").asText(), goal.get("met").asBoolean() ? "yes" : "NO");
    }

    /** Throws when the processor did not process every record, a checked device was wrong, or queries failed. */
    static void requireComplete(JsonNode json) {
        long records = json.get("backlog").get("records").asLong();
        long processed = json.get("processor").get("processed").asLong();
        long mismatches = json.get("check").get("mismatches").asLong();
        long errors = json.get("queries").get("errors").asLong();
        if (processed != records || mismatches > 0 || errors > 0) {
            throw new IllegalStateException("incomplete run: processed " + processed + " of " + records
                    + " records, " + mismatches + " devices with wrong counters " + json.get("check").get("examples")
                    + ", " + errors + " failed queries");
        }
    }

    private static double millis(long micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
