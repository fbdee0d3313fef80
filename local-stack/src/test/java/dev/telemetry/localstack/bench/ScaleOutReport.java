package dev.telemetry.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@link ScaleOutBench}'s results as JSON ({@code result.json}), the table it prints, and the verdict: a run that
 * lost a reading, counted one twice or ended with a state that differs from the oracle has failed.
 */
final class ScaleOutReport {

    /** Counters at the start of a phase: PUBACKed readings, records and distinct readings in Kafka, committed. */
    record Snapshot(long millis, long offered, long records, long distinct, long committed) {
    }

    private ScaleOutReport() {
    }

    static void fill(ObjectNode json, ScaleOutOptions o, List<ScaleOutPhases.Phase> phases, List<Snapshot> snapshots,
            PipelineProbe probe, QueryAvailability queries, Map<String, Object> events, long published,
            ScaleOutCheck check, String loadBefore, String loadAfter) {
        ObjectNode machine = json.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("loadAverageBefore", loadBefore);
        machine.put("loadAverageAfter", loadAfter);

        ObjectNode setup = json.putObject("setup");
        setup.put("brokers", 3);
        setup.put("replicationFactor", 3);
        setup.put("minInsyncReplicas", 2);
        setup.put("processors", ScaleOutStack.PROCESSORS);
        setup.put("standbyReplicas", 1);
        setup.put("gateways", "2, then 3, then 2");
        setup.put("partitions", o.partitions());
        setup.put("devices", o.devices());
        setup.put("rate", o.rate());
        setup.put("durationSeconds", o.duration().toSeconds());
        setup.put("queryRate", o.queryRate());
        setup.putPOJO("processorSettings", o.processor());
        setup.putPOJO("gatewaySettings", o.gateway());

        ArrayNode list = json.putArray("phases");
        for (int i = 0; i < phases.size(); i++) {
            ScaleOutPhases.Phase p = phases.get(i);
            Snapshot from = snapshots.get(i);
            Snapshot to = snapshots.get(i + 1);
            double s = (to.millis() - from.millis()) / 1000.0;
            ObjectNode n = list.addObject();
            n.put("name", p.name());
            n.put("seconds", round(s, 1));
            n.put("offeredPerSecond", Math.round((to.offered() - from.offered()) / s));
            n.put("writtenToKafkaPerSecond", Math.round((to.distinct() - from.distinct()) / s));
            n.put("recordsToKafkaPerSecond", Math.round((to.records() - from.records()) / s));
            n.put("processedPerSecond", Math.round((to.committed() - from.committed()) / s));
            latency(n.putObject("endToEndMs"), probe.endToEnd(i));
            latency(n.putObject("toKafkaMs"), probe.toKafka(i));
            queries(n.putObject("queries"), queries.of(i));
        }

        ObjectNode overall = json.putObject("overall");
        Snapshot first = snapshots.get(0);
        Snapshot loadEnd = snapshots.get(snapshots.size() - 2);
        double loadSeconds = (loadEnd.millis() - first.millis()) / 1000.0;
        overall.put("loadSeconds", round(loadSeconds, 1));
        overall.put("offeredPerSecond", Math.round((loadEnd.offered() - first.offered()) / loadSeconds));
        overall.put("writtenToKafkaPerSecond", Math.round((loadEnd.distinct() - first.distinct()) / loadSeconds));
        overall.put("processedPerSecond", Math.round((loadEnd.committed() - first.committed()) / loadSeconds));
        latency(overall.putObject("endToEndMs"), probe.endToEndAll());
        queries(overall.putObject("queries"), queries.over(0, phases.size() - 1));

        ObjectNode ev = json.putObject("events");
        events.forEach((k, v) -> ev.putPOJO(k, v instanceof Double d ? round(d, 2) : v));

        Snapshot last = snapshots.get(snapshots.size() - 1);
        ObjectNode outcome = json.putObject("outcome");
        outcome.put("published", published);
        outcome.put("distinctInKafka", last.distinct());
        outcome.put("recordsInKafka", last.records());
        outcome.put("duplicateRecordsInKafka", last.records() - last.distinct());
        outcome.put("lost", published - last.distinct());
        outcome.put("devicesChecked", check.devices());
        outcome.put("stateMismatches", check.mismatches());
        outcome.put("duplicatesCountedInState", check.countedTwice());
        outcome.put("readingsMissingFromState", check.notCounted());
        outcome.put("duplicatesRecognisedByProcessor", check.duplicatesRecognised());
        outcome.putPOJO("examples", check.examples());
    }

    /** One row a second from the start of the load: ms, offered, distinct in Kafka, committed, live instances. */
    static void timeline(ObjectNode json, List<long[]> samples) {
        ObjectNode t = json.putObject("timeline");
        ArrayNode columns = t.putArray("columns");
        List.of("ms", "offered", "distinctInKafka", "committed", "liveProcessors").forEach(columns::add);
        ArrayNode rows = t.putArray("rows");
        for (long[] sample : samples) {
            ArrayNode row = rows.addArray();
            for (long v : sample) {
                row.add(v);
            }
        }
    }

    private static void latency(ObjectNode n, Histogram ms) {
        n.put("count", ms.getTotalCount());
        if (ms.getTotalCount() > 0) {
            n.put("p50", ms.getValueAtPercentile(50));
            n.put("p99", ms.getValueAtPercentile(99));
            n.put("max", ms.getMaxValue());
        }
    }

    private static void queries(ObjectNode n, QueryAvailability.Counts c) {
        n.put("count", c.total());
        n.put("ok", c.ok());
        n.put("status503", c.unavailable());
        n.put("status404", c.notFound());
        n.put("otherStatus", c.otherStatus());
        n.put("failed", c.failed());
        n.put("successRatio", c.total() == 0 ? -1 : round(c.successRatio(), 4));
        if (c.micros().getTotalCount() > 0) {
            n.put("p50Ms", round(c.micros().getValueAtPercentile(50) / 1000.0, 2));
            n.put("p99Ms", round(c.micros().getValueAtPercentile(99) / 1000.0, 2));
        }
    }

    static void printTable(JsonNode json) {
        JsonNode setup = json.get("setup");
        System.out.println();
        System.out.printf(Locale.ROOT, "scale-out: %d devices, %d readings/s offered for %d s, %d partitions; load %s"
                        + " -> %s%n", setup.get("devices").asInt(), setup.get("rate").asInt(),
                setup.get("durationSeconds").asInt(), setup.get("partitions").asInt(),
                json.get("machine").get("loadAverageBefore").asText(),
                json.get("machine").get("loadAverageAfter").asText());
        System.out.println("phase                s  offered/s  kafka/s  processed/s   e2e p50/p99 ms"
                + "  queries ok/503/404/other/failed  query p50/p99 ms");
        for (JsonNode p : json.get("phases")) {
            row(p.get("name").asText(), p, p.get("seconds").asDouble());
        }
        JsonNode o = json.get("overall");
        row("overall (load)", o, o.get("loadSeconds").asDouble());
        System.out.println();
        json.get("events").fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, "%-38s %s%n", e.getKey(),
                e.getValue()));
        JsonNode out = json.get("outcome");
        System.out.printf(Locale.ROOT, "%-38s %,d (distinct in Kafka %,d, duplicate records there %,d)%n", "published",
                out.get("published").asLong(), out.get("distinctInKafka").asLong(),
                out.get("duplicateRecordsInKafka").asLong());
        System.out.printf(Locale.ROOT, "%-38s %d%n", "readings lost", out.get("lost").asLong());
        System.out.printf(Locale.ROOT, "%-38s %d of %d devices%n", "state mismatches vs oracle",
                out.get("stateMismatches").asLong(), out.get("devicesChecked").asInt());
        System.out.printf(Locale.ROOT, "%-38s %d (recognised and dropped: %d)%n", "duplicates counted in state",
                out.get("duplicatesCountedInState").asLong(), out.get("duplicatesRecognisedByProcessor").asLong());
    }

    private static void row(String name, JsonNode p, double seconds) {
        JsonNode e2e = p.get("endToEndMs");
        JsonNode q = p.get("queries");
        System.out.printf(Locale.ROOT, "%-16s %5.0f %10d %8d %12d  %15s  %31s  %16s%n", name, seconds,
                p.get("offeredPerSecond").asLong(), p.get("writtenToKafkaPerSecond").asLong(),
                p.get("processedPerSecond").asLong(),
                e2e.has("p50") ? e2e.get("p50").asLong() + " / " + e2e.get("p99").asLong() : "-",
                q.get("ok").asLong() + "/" + q.get("status503").asLong() + "/" + q.get("status404").asLong() + "/"
                        + q.get("otherStatus").asLong() + "/" + q.get("failed").asLong(),
                q.has("p50Ms") ? q.get("p50Ms").asDouble() + " / " + q.get("p99Ms").asDouble() : "-");
    }

    /** Throws when a reading was lost, counted twice, or the state differs from the oracle. */
    static void requireClean(JsonNode json) {
        JsonNode out = json.get("outcome");
        long lost = out.get("lost").asLong();
        long mismatches = out.get("stateMismatches").asLong();
        long twice = out.get("duplicatesCountedInState").asLong();
        if (lost != 0 || mismatches != 0 || twice != 0) {
            throw new IllegalStateException("scale-out run failed: " + lost + " readings lost, " + mismatches
                    + " devices differ from the oracle, " + twice + " readings counted twice; examples "
                    + out.get("examples"));
        }
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
