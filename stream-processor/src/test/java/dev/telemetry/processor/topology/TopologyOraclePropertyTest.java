package dev.telemetry.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import dev.telemetry.model.WindowAggregate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Random reading histories of several devices, delivered with bounded shuffles, duplicates and late
 * arrivals, through the whole topology; the final device states, the final window results and the ordered
 * stream are compared with a plain in-memory oracle that shares no code with the topology.
 */
class TopologyOraclePropertyTest {

    private static final long SIZE = 10_000;
    private static final long GRACE = 20_000;
    private static final Duration REORDER = Duration.ofSeconds(2);
    private static final Duration DEDUPE_RETENTION = Duration.ofHours(1);
    private static final String[] DEVICES = {"dev-a", "dev-b", "site/7:c"};
    private static final String[] METRICS = {"temperature", "pressure"};
    private static final Source SOURCE = new Source("sensors/prop", "json", "gw-prop");
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One reading of the clean history: which device and metric, how far after the device's previous one. */
    record Step(int device, int metric, int timeStepMs, int seqStep, int centiValue) {
    }

    /** The clean history, and how each reading is delivered. */
    record Scenario(List<Step> steps, List<Integer> displacement, List<Integer> duplicateAfter,
            List<Boolean> lateToTheEnd) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, DEVICES.length - 1),
                Arbitraries.integers().between(0, METRICS.length - 1),
                // whole seconds: equal event times and exact window boundaries happen often; now and then a
                // device is silent for 3 hours (longer than the dedupe and window retentions)
                Arbitraries.frequencyOf(
                        Tuple.of(60, Arbitraries.integers().between(0, 6).map(s -> s * 1_000)),
                        Tuple.of(1, Arbitraries.just(3 * 3_600_000))),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(-10_000, 10_000)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(80).flatMap(steps -> {
            int n = steps.size();
            return Combinators.combine(
                    Arbitraries.integers().between(0, 6).list().ofSize(n),
                    // -1: delivered once; k >= 0: a copy follows k positions later
                    Arbitraries.integers().between(-1, 8).list().ofSize(n),
                    Arbitraries.of(true, false, false, false, false, false, false, false, false, false)
                            .list().ofSize(n))
                    .as((disp, dup, late) -> new Scenario(steps, disp, dup, late));
        });
    }

    @Property(tries = 60)
    void shouldAgreeWithTheOracle(@ForAll("scenarios") Scenario scenario) {
        List<Reading> clean = cleanHistory(scenario.steps());
        List<Reading> arrivals = deliver(clean, scenario);

        TopologyConfig cfg = new TopologyConfig(TopologyFixture.READINGS, TopologyFixture.STATES,
                TopologyFixture.ORDERED, TopologyFixture.AGGREGATES, DEDUPE_RETENTION, Duration.ofHours(1),
                REORDER, Duration.ofMillis(SIZE), Duration.ofMillis(GRACE), Duration.ofHours(2));
        try (TopologyFixture f = new TopologyFixture("prop-" + RUNS.incrementAndGet() + "-" + java.util.UUID.randomUUID(), cfg, 0)) {
            for (Reading r : arrivals) {
                f.pipe(r);
            }
            f.advanceWallClock(REORDER.multipliedBy(2)); // flush what the reorder buffer still holds
            Oracle oracle = Oracle.run(arrivals, DEDUPE_RETENTION.toMillis());

            for (String device : oracle.devices()) {
                DeviceState s = f.state(device);
                assertThat(s).as(device).isNotNull();
                assertThat(s.lastSeen()).as(device).isEqualTo(oracle.lastSeen.get(device));
                assertThat(s.lastReceived()).as(device).isEqualTo(oracle.lastReceived.get(device));
                assertThat(s.counters().accepted()).as(device).isEqualTo(oracle.accepted.getOrDefault(device, 0L));
                assertThat(s.counters().duplicates()).as(device).isEqualTo(oracle.duplicates.getOrDefault(device, 0L));
                assertThat(s.counters().late()).as(device).isEqualTo(oracle.late.getOrDefault(device, 0L));
                assertThat(s.counters().outOfOrder()).as(device).isEqualTo(oracle.outOfOrder.getOrDefault(device, 0L));
                assertThat(s.counters().tooLateForWindow()).as(device)
                        .isEqualTo(oracle.tooLate.getOrDefault(device, 0L));
                Map<String, Reading> newest = oracle.newest.get(device);
                assertThat(s.metrics().keySet()).as(device).isEqualTo(newest.keySet());
                newest.forEach((metric, r) -> {
                    MetricState m = s.metrics().get(metric);
                    assertThat(m.eventTime()).as(device + "/" + metric).isEqualTo(r.eventTime());
                    assertThat(m.seq()).as(device + "/" + metric).isEqualTo(r.seq());
                    assertThat(m.value()).as(device + "/" + metric).isEqualTo(r.value());
                });
            }

            Map<String, WindowAggregate> emitted = new TreeMap<>();
            for (WindowAggregate w : f.aggregates.readValuesToList()) {
                String key = w.deviceId() + "|" + w.metric() + "|" + w.windowStart();
                assertThat(emitted.put(key, w)).as("emitted twice: " + key).isNull();
            }
            Map<String, List<Reading>> expected = oracle.closedWindows(SIZE, GRACE);
            assertThat(emitted.keySet()).isEqualTo(expected.keySet());
            expected.forEach((key, readings) -> compareWindow(key, emitted.get(key), readings));

            List<TestRecord<String, Reading>> ordered = f.ordered.readRecordsToList();
            assertThat(ordered.stream().map(r -> identity(r.value())).sorted().toList())
                    .as("every reading not dropped as a duplicate exactly once on the ordered topic")
                    .isEqualTo(oracle.distinct.stream().map(TopologyOraclePropertyTest::identity).sorted().toList());
            Map<String, Long> newestReleased = new HashMap<>();
            for (TestRecord<String, Reading> r : ordered) {
                Long previous = newestReleased.get(r.key());
                boolean late = isLate(r);
                if (!late) {
                    assertThat(previous == null || r.value().eventTime() >= previous)
                            .as("in order unless flagged late: %s after %s", r.value().eventTime(), previous).isTrue();
                    newestReleased.put(r.key(), r.value().eventTime());
                } else {
                    assertThat(previous).isNotNull();
                    assertThat(r.value().eventTime()).isLessThan(previous);
                }
            }
        }
    }

    private static void compareWindow(String key, WindowAggregate w, List<Reading> readings) {
        double[] values = readings.stream().mapToDouble(r -> ((ReadingValue.Num) r.value()).value()).toArray();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        Comparator<Reading> byTimeThenSeq = Comparator.comparingLong(Reading::eventTime)
                .thenComparingLong(Reading::seq);
        Reading first = readings.stream().min(byTimeThenSeq).orElseThrow();
        Reading last = readings.stream().max(byTimeThenSeq).orElseThrow();
        assertThat(w.count()).as(key).isEqualTo(values.length);
        assertThat(w.min()).as(key).isEqualTo(min);
        assertThat(w.max()).as(key).isEqualTo(max);
        assertThat(w.sum()).as(key).isCloseTo(sum, within(1e-6));
        assertThat(w.mean()).as(key).isCloseTo(mean, within(1e-6));
        assertThat(w.stdDev()).as(key).isCloseTo(Math.sqrt(squares / values.length), within(1e-6));
        assertThat(w.first()).as(key).isEqualTo(((ReadingValue.Num) first.value()).value());
        assertThat(w.firstTime()).as(key).isEqualTo(first.eventTime());
        assertThat(w.last()).as(key).isEqualTo(((ReadingValue.Num) last.value()).value());
        assertThat(w.lastTime()).as(key).isEqualTo(last.eventTime());
        assertThat(w.windowEnd() - w.windowStart()).isEqualTo(SIZE);
        assertThat(w.closed()).isTrue();
    }

    /** Per device, event times and seqs only move forward (time may stand still, seq never). */
    private static List<Reading> cleanHistory(List<Step> steps) {
        long[] time = new long[DEVICES.length];
        long[] seq = new long[DEVICES.length];
        List<Reading> history = new ArrayList<>();
        for (Step s : steps) {
            time[s.device()] += s.timeStepMs();
            seq[s.device()] += s.seqStep();
            long t = 1_000_000 + time[s.device()];
            history.add(new Reading(DEVICES[s.device()], METRICS[s.metric()], ReadingValue.of(s.centiValue() / 100.0),
                    "Cel", t, TimeSource.DEVICE, seq[s.device()], t + 5, SOURCE));
        }
        return history;
    }

    /** Bounded shuffle (each reading moves at most 6 places), duplicates a few places later, some sent last. */
    private static List<Reading> deliver(List<Reading> clean, Scenario sc) {
        record Slot(double position, Reading reading) {
        }
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            double position = sc.lateToTheEnd().get(i) ? clean.size() + 100 + i : i + sc.displacement().get(i);
            slots.add(new Slot(position, clean.get(i)));
            if (sc.duplicateAfter().get(i) >= 0) {
                slots.add(new Slot(position + sc.duplicateAfter().get(i) + 0.5, clean.get(i)));
            }
        }
        slots.sort(Comparator.comparingDouble(Slot::position)); // stable: ties keep generation order
        return slots.stream().map(Slot::reading).toList();
    }

    private static String identity(Reading r) {
        return r.deviceId() + "|" + r.metric() + "|" + r.eventTime() + "|" + r.seq();
    }

    private static boolean isLate(TestRecord<String, Reading> r) {
        Header h = r.headers().lastHeader(ReorderProcessor.LATE_HEADER);
        return h != null;
    }

    /** The rules of docs/semantics.md, applied to the arrival sequence with maps and loops. */
    static final class Oracle {
        final Map<String, Long> accepted = new HashMap<>();
        final Map<String, Long> duplicates = new HashMap<>();
        final Map<String, Long> late = new HashMap<>();
        final Map<String, Long> outOfOrder = new HashMap<>();
        final Map<String, Long> tooLate = new HashMap<>();
        final Map<String, Long> lastSeen = new HashMap<>();
        final Map<String, Long> lastReceived = new HashMap<>();
        final Map<String, Map<String, Reading>> newest = new HashMap<>();
        final List<Reading> distinct = new ArrayList<>();
        final List<Reading> windowed = new ArrayList<>();
        long streamTime = Long.MIN_VALUE;

        /** @param retentionMs an identity is forgotten once stream time is this far past its eventTime */
        static Oracle run(List<Reading> arrivals, long retentionMs) {
            Oracle o = new Oracle();
            Set<String> seen = new HashSet<>();
            for (Reading r : arrivals) {
                String device = r.deviceId();
                boolean remembered = r.eventTime() > o.streamTime - retentionMs;
                if (seen.contains(identity(r)) && remembered) {
                    o.duplicates.merge(device, 1L, Long::sum);
                    continue;
                }
                seen.add(identity(r));
                o.distinct.add(r);
                o.accepted.merge(device, 1L, Long::sum);
                Long previousSeen = o.lastSeen.get(device);
                if (previousSeen != null && r.eventTime() < previousSeen) {
                    o.outOfOrder.merge(device, 1L, Long::sum);
                }
                o.lastSeen.merge(device, r.eventTime(), Math::max);
                o.lastReceived.merge(device, r.receivedAt(), Math::max);
                Map<String, Reading> metrics = o.newest.computeIfAbsent(device, d -> new HashMap<>());
                Reading current = metrics.get(r.metric());
                boolean newer = current == null || r.eventTime() > current.eventTime()
                        || (r.eventTime() == current.eventTime() && r.seq() > current.seq());
                if (newer) {
                    metrics.put(r.metric(), r);
                } else {
                    o.late.merge(device, 1L, Long::sum);
                }
                o.streamTime = Math.max(o.streamTime, r.eventTime());
                long start = (r.eventTime() / SIZE) * SIZE;
                if (start + SIZE + GRACE <= o.streamTime) {
                    o.tooLate.merge(device, 1L, Long::sum);
                } else {
                    o.windowed.add(r);
                }
            }
            return o;
        }

        Set<String> devices() {
            return newest.keySet();
        }

        /** Windows closed by the final stream time, with the readings each aggregates. */
        Map<String, List<Reading>> closedWindows(long size, long grace) {
            Map<String, List<Reading>> windows = new TreeMap<>();
            for (Reading r : windowed) {
                long start = (r.eventTime() / size) * size;
                if (start + size + grace <= streamTime) {
                    windows.computeIfAbsent(r.deviceId() + "|" + r.metric() + "|" + start, k -> new ArrayList<>())
                            .add(r);
                }
            }
            return windows;
        }
    }
}
