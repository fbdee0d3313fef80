package dev.telemetry.model;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random {@link Reading}s and {@link DeviceState}s for the codec equivalence properties, biased towards what
 * could trip a hand-written codec: every value kind, doubles from every exponent range (negative zero,
 * subnormals, integers as doubles), strings with escapes, control characters, non-ASCII and lone surrogates,
 * absent optional fields, empty and null-valued metric maps.
 */
final class RecordArbitraries {

    private RecordArbitraries() {
    }

    static Arbitrary<Reading> readings() {
        Arbitrary<Reading> noSource = Combinators.combine(names(), names(), values(), strings().injectNull(0.3),
                        longs(), Arbitraries.of(TimeSource.class), longs().injectNull(0.3), longs())
                .as((d, m, v, u, e, ts, seq, r) -> new Reading(d, m, v, u, e, ts, seq, r, new Source("t", "f", "g")));
        return Combinators.combine(noSource, sources()).as((r, s) -> new Reading(r.deviceId(), r.metric(), r.value(),
                r.unit(), r.eventTime(), r.timeSource(), r.seq(), r.receivedAt(), s));
    }

    static Arbitrary<DeviceState> deviceStates() {
        return deviceStates(strings());
    }

    static Arbitrary<DeviceState> deviceStates(Arbitrary<String> metricNames) {
        Arbitrary<Map<String, MetricState>> metrics = Arbitraries.oneOf(
                Arbitraries.maps(metricNames, metricStates()).ofMaxSize(6),
                // a null metric: databind omits it when writing
                Arbitraries.maps(metricNames, metricStates().injectNull(0.3)).ofMinSize(1).ofMaxSize(3)
                        .map(HashMap::new));
        return Combinators.combine(strings(), metrics, longs(), longs(), Arbitraries.of(DeviceStatus.class),
                        counters(), longs().injectNull(0.4))
                .as(DeviceState::new);
    }

    static Arbitrary<MetricState> metricStates() {
        return Combinators.combine(values(), strings().injectNull(0.3), longs(), Arbitraries.of(TimeSource.class),
                longs().injectNull(0.3), longs()).as(MetricState::new);
    }

    static Arbitrary<DeviceCounters> counters() {
        return Combinators.combine(longs(), longs(), longs(), longs(), longs(), longs()).as(DeviceCounters::new);
    }

    static Arbitrary<Source> sources() {
        return Combinators.combine(strings(), strings(), strings()).as(Source::new);
    }

    static Arbitrary<ReadingValue> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, doubles().map(ReadingValue::of)),
                Tuple.of(1, Arbitraries.of(true, false).map(ReadingValue::of)),
                Tuple.of(2, strings().map(ReadingValue::of)));
    }

    /** Finite doubles: jqwik's (with its edge cases), any bit pattern, integers, and the special ones. */
    static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.longs().between(-1L << 53, 1L << 53).map(l -> (double) l),
                Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                        -Double.MAX_VALUE, 1e21, 1e-7, 0.1, 21.5, 9007199254740993.0));
    }

    static Arbitrary<Long> longs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 2_000_000_000_000L));
    }

    /** Valid device ids and metric names: 1..200 characters of [A-Za-z0-9._:/-]. */
    static Arbitrary<String> names() {
        var chars = Arbitraries.strings().withChars("abcXYZ0129._:/-");
        return Arbitraries.oneOf(chars.ofMinLength(1).ofMaxLength(24), chars.ofLength(200));
    }

    /** Any text: printable, JSON escapes, control characters, non-ASCII, surrogate pairs and lone halves. */
    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().ofMaxLength(20),
                Arbitraries.strings().withChars("\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028é€").ofMaxLength(10),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.of("", "\uD83D\uDE00", "\uD83D", "\uDE00x", "ünï©ødé"));
    }
}
