package dev.telemetry.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import dev.telemetry.simulator.device.Sample;
import dev.telemetry.simulator.format.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    private static final JsonFormat JSON = new JsonFormat();
    private static final long T0 = 1_800_000_000_000L;
    private static final int TICKS = 20_000;

    private static FaultConfig only(double duplicates, double reorder, double late, double skewed, double malformed,
            double oversized, double spikes) {
        FaultConfig n = FaultConfig.NONE;
        return new FaultConfig(duplicates, reorder, n.reorderMaxTicks(), late, n.lateBy(), skewed, n.maxSkew(),
                malformed, oversized, 2048, spikes, n.spikeFactor());
    }

    private static Sample sample(long seq) {
        return new Sample("sim-00001", T0 + seq * 1000, seq, List.of(
                new Sample.Measurement("temperature", "Cel", 20.0 + seq % 7),
                new Sample.Measurement("humidity", "%RH", 50.0)));
    }

    /** Every message of TICKS ticks, in publish order. */
    private static List<Outgoing> run(FaultConfig config, long seed, int device) {
        FaultInjector injector = new FaultInjector(config, seed, device);
        List<Outgoing> all = new ArrayList<>();
        for (long seq = 0; seq < TICKS; seq++) {
            all.addAll(injector.apply(sample(seq), JSON));
        }
        return all;
    }

    private static long count(List<Outgoing> messages, Fault fault) {
        return messages.stream().filter(m -> m.faults().contains(fault)).count();
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return Json.mapper().readTree(payload);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(payload, 0, Math.min(200, payload.length)), e);
        }
    }

    @Test
    void shouldPassEveryMessageThroughUnchangedWithoutFaults() {
        FaultInjector injector = new FaultInjector(FaultConfig.NONE, 1, 0);
        for (long seq = 0; seq < 100; seq++) {
            byte[] clean = JSON.encode(sample(seq));
            List<Outgoing> out = injector.apply(sample(seq), JSON);
            assertThat(out).singleElement().satisfies(m -> {
                assertThat(m.payload()).isEqualTo(clean);
                assertThat(m.faults()).isEmpty();
                assertThat(m.readings()).isEqualTo(2);
            });
        }
        assertThat(FaultConfig.NONE.isNone()).isTrue();
    }

    @Test
    void shouldInjectTheSameFaultsForTheSameSeedAndDevice() {
        FaultConfig config = only(0.05, 0.05, 0.05, 0.5, 0.05, 0.05, 0.05);
        List<Outgoing> a = run(config, 42, 3);
        List<Outgoing> b = run(config, 42, 3);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).payload()).isEqualTo(b.get(i).payload());
            assertThat(a.get(i).faults()).isEqualTo(b.get(i).faults());
        }
        // another seed, or another device, gives another pattern
        assertThat(faultPattern(run(config, 43, 3))).isNotEqualTo(faultPattern(a));
        assertThat(faultPattern(run(config, 42, 4))).isNotEqualTo(faultPattern(a));
    }

    private static List<List<Fault>> faultPattern(List<Outgoing> messages) {
        return messages.stream().map(Outgoing::faults).toList();
    }

    @Test
    void shouldInjectEachFaultAtItsRateWithinTolerance() {
        List<Outgoing> out = run(only(0.02, 0.03, 0.04, 0, 0.05, 0.01, 0.06), 7, 0);
        // binomial: n = 20,000, the largest sd is sqrt(n p (1-p)) ~ 34 at p = 0.06; allow 5 sd
        assertThat((double) count(out, Fault.DUPLICATE)).isCloseTo(TICKS * 0.02 * 0.97, within(120.0));
        assertThat((double) count(out, Fault.REORDERED)).isCloseTo(TICKS * 0.03, within(130.0));
        assertThat((double) count(out, Fault.LATE)).isCloseTo(TICKS * 0.04, within(140.0));
        assertThat((double) count(out, Fault.MALFORMED)).isCloseTo(TICKS * 0.05, within(160.0));
        assertThat((double) count(out, Fault.OVERSIZED)).isCloseTo(TICKS * 0.01, within(80.0));
        assertThat((double) count(out, Fault.SPIKE)).isCloseTo(TICKS * 0.06 * (1 + 0.02 * 0.97), within(170.0));
    }

    @Test
    void shouldPublishADuplicateAsIdenticalBytesRightAfterTheOriginal() {
        List<Outgoing> out = run(only(0.1, 0, 0, 0, 0, 0, 0), 1, 0);
        assertThat(count(out, Fault.DUPLICATE)).isPositive();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).faults().contains(Fault.DUPLICATE)) {
                assertThat(out.get(i).payload()).isEqualTo(out.get(i - 1).payload());
                assertThat(out.get(i - 1).faults()).doesNotContain(Fault.DUPLICATE);
            }
        }
        assertThat(out).hasSize(TICKS + (int) count(out, Fault.DUPLICATE));
    }

    @Test
    void shouldReleaseEveryHeldBackMessageWithinTheReorderBound() {
        FaultInjector injector = new FaultInjector(only(0, 0.2, 0, 0, 0, 0, 0), 5, 0);
        Map<Long, Long> publishedAtTick = new HashMap<>();
        int reordered = 0;
        for (long tick = 0; tick < TICKS; tick++) {
            for (Outgoing m : injector.apply(sample(tick), JSON)) {
                long seq = parse(m.payload()).get("seq").asLong();
                publishedAtTick.put(seq, tick);
                reordered += m.faults().contains(Fault.REORDERED) ? 1 : 0;
            }
        }
        int bound = FaultConfig.NONE.reorderMaxTicks();
        assertThat(reordered).isPositive();
        // every message is published exactly once, at most `bound` ticks after its own
        assertThat(publishedAtTick).hasSize(TICKS - injector.heldBack());
        publishedAtTick.forEach((seq, tick) -> assertThat(tick - seq).isBetween(0L, (long) bound));
        assertThat(publishedAtTick.entrySet().stream().anyMatch(e -> e.getValue() > e.getKey())).isTrue();
    }

    @Test
    void shouldMoveALateMessagesEventTimeBackByLateBy() {
        List<Outgoing> out = run(only(0, 0, 0.1, 0, 0, 0, 0), 9, 0);
        for (Outgoing m : out) {
            JsonNode json = parse(m.payload());
            long expected = T0 + json.get("seq").asLong() * 1000;
            long shift = m.faults().contains(Fault.LATE) ? Duration.ofMinutes(10).toMillis() : 0;
            assertThat(json.get("ts").asLong()).isEqualTo(expected - shift);
        }
    }

    @Test
    void shouldSkewTheConfiguredShareOfDevicesByAConstantBoundedOffset() {
        FaultConfig config = only(0, 0, 0, 0.3, 0, 0, 0);
        int skewed = 0;
        for (int device = 0; device < 2000; device++) {
            FaultInjector injector = new FaultInjector(config, 11, device);
            long skew = injector.skewMillis();
            assertThat(Math.abs(skew)).isLessThanOrEqualTo(30_000);
            if (skew != 0) {
                skewed++;
                for (long seq = 0; seq < 3; seq++) {
                    Outgoing m = injector.apply(sample(seq), JSON).get(0);
                    assertThat(m.faults()).containsExactly(Fault.SKEWED);
                    assertThat(parse(m.payload()).get("ts").asLong()).isEqualTo(T0 + seq * 1000 + skew);
                }
            }
        }
        assertThat(skewed).isBetween(600 - 110, 600 + 110);
    }

    @Test
    void shouldCutMalformedPayloadsSoThatTheyAreNotJson() {
        List<Outgoing> malformed = run(only(0, 0, 0, 0, 0.1, 0, 0), 3, 0).stream()
                .filter(m -> m.faults().contains(Fault.MALFORMED)).toList();
        assertThat(malformed).isNotEmpty().allSatisfy(m -> {
            assertThat(m.readings()).isZero();
            assertThat(m.json()).isFalse();
            assertThatThrownBy(() -> Json.mapper().readTree(m.payload())).isInstanceOf(JsonProcessingException.class);
        });
    }

    @Test
    void shouldPadOversizedPayloadsToTheConfiguredSizeAndKeepThemJson() {
        List<Outgoing> oversized = run(only(0, 0, 0, 0, 0, 0.1, 0), 3, 0).stream()
                .filter(m -> m.faults().contains(Fault.OVERSIZED)).toList();
        assertThat(oversized).isNotEmpty().allSatisfy(m -> {
            assertThat(m.payload()).hasSize(2048);
            assertThat(m.readings()).isZero();
            assertThat(parse(m.payload()).get("padding").asText()).matches("x+");
        });
        assertThat(FaultInjector.pad("abc".getBytes(), 1024, false)).hasSize(1024);
    }

    @Test
    void shouldMultiplyExactlyOneValueOfASpikedMessageAndNameIt() {
        List<Outgoing> out = run(only(0, 0, 0, 0, 0, 0, 0.1), 13, 0);
        List<Outgoing> spiked = out.stream().filter(m -> m.faults().contains(Fault.SPIKE)).toList();
        assertThat(spiked).isNotEmpty().allSatisfy(m -> {
            JsonNode json = parse(m.payload());
            Sample clean = sample(json.get("seq").asLong());
            double cleanValue = clean.values().stream().filter(v -> v.metric().equals(m.spiked())).findFirst()
                    .orElseThrow().value();
            assertThat(json.get(m.spiked()).asDouble()).isEqualTo(cleanValue * 5);
            String other = m.spiked().equals("temperature") ? "humidity" : "temperature";
            assertThat(json.get(other).asDouble()).isEqualTo(clean.values().stream()
                    .filter(v -> v.metric().equals(other)).findFirst().orElseThrow().value());
        });
        assertThat(spiked.stream().map(Outgoing::spiked).distinct()).containsExactlyInAnyOrder("temperature",
                "humidity");
    }

    private static FaultConfig silencesAndFlatlines(double silences, double flatlines) {
        FaultConfig n = FaultConfig.NONE;
        return new FaultConfig(0, 0, 3, 0, n.lateBy(), 0, n.maxSkew(), 0, 0, 2048, 0, 5, silences,
                Duration.ofSeconds(30), flatlines, Duration.ofSeconds(20));
    }

    @Test
    void shouldKeepADeviceSilentForTheSilenceAndMarkItsFirstMessageAfter() {
        FaultInjector injector = new FaultInjector(silencesAndFlatlines(0.01, 0), 21, 0);
        List<Long> published = new ArrayList<>();
        List<Long> afterSilence = new ArrayList<>();
        for (long seq = 0; seq < TICKS; seq++) {          // one tick per second (sample(seq) is T0 + seq s)
            for (Outgoing m : injector.apply(sample(seq), JSON)) {
                published.add(seq);
                if (m.faults().contains(Fault.AFTER_SILENCE)) {
                    afterSilence.add(seq);
                }
            }
        }
        assertThat(afterSilence).isNotEmpty();
        for (long resumed : afterSilence) {
            // the 30 ticks before it (the silence) published nothing, the tick 31 before did
            int at = published.indexOf(resumed);
            assertThat(resumed - published.get(at - 1)).isEqualTo(31);
        }
        // every gap in publishing is exactly one silence
        for (int i = 1; i < published.size(); i++) {
            long gap = published.get(i) - published.get(i - 1);
            assertThat(gap == 1 || gap == 31).as("gap %d before tick %d", gap, published.get(i)).isTrue();
        }
    }

    @Test
    void shouldHoldOneMetricFlatForTheFlatlineAndNameIt() {
        List<Outgoing> out = run(silencesAndFlatlines(0, 0.01), 22, 0);
        List<Outgoing> flat = out.stream().filter(m -> m.faults().contains(Fault.FLATLINE)).toList();
        assertThat(flat).isNotEmpty().allSatisfy(m -> assertThat(m.flat()).isIn("temperature", "humidity"));
        // within one flatline the named metric keeps one value although the clean signal changes (20 + seq % 7)
        Outgoing first = flat.get(0);
        double value = parse(first.payload()).get(first.flat()).asDouble();
        long firstSeq = parse(first.payload()).get("seq").asLong();
        List<Outgoing> sameEpisode = flat.stream()
                .filter(m -> parse(m.payload()).get("seq").asLong() < firstSeq + 20).toList();
        assertThat(sameEpisode).hasSize(20).allSatisfy(m -> {
            assertThat(m.flat()).isEqualTo(first.flat());
            assertThat(parse(m.payload()).get(first.flat()).asDouble()).isEqualTo(value);
        });
    }

    @Test
    void shouldRejectRatesOutsideZeroToOneNamingTheOption() {
        assertThatThrownBy(() -> only(1.5, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--duplicates");
        assertThatThrownBy(() -> only(0, -0.1, 0, 0, 0, 0, 0)).hasMessageContaining("--reorder");
        assertThatThrownBy(() -> only(0.5, 0, 0, 0, 0.4, 0.2, 0)).hasMessageContaining("must not exceed 1");
        FaultConfig n = FaultConfig.NONE;
        assertThatThrownBy(() -> new FaultConfig(0, 0, 0, 0, n.lateBy(), 0, n.maxSkew(), 0, 0, 2048, 0, 5))
                .hasMessageContaining("--reorder-max-ticks");
        assertThatThrownBy(() -> new FaultConfig(0, 0, 3, 0, n.lateBy(), 0, n.maxSkew(), 0, 0, 2048, 0, 1))
                .hasMessageContaining("--spike-factor");
        assertThat(Arrays.stream(Fault.values()).map(Enum::name)).contains("LATE", "SPIKE");
    }
}
