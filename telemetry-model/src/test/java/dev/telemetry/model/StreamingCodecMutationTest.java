package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.serialization.Serde;

/**
 * The streaming codecs against databind on mutated JSON: fields reordered, removed, repeated, set to odd values
 * (nulls, wrong types, coercible strings, numbers out of range), unknown fields with nested objects and arrays,
 * nesting beyond the limit, trailing garbage and truncation, at the top level and in nested objects. The
 * serdes must agree (both fail, or both return equal values), and the fast path must never accept what
 * databind rejects nor read it differently.
 */
class StreamingCodecMutationTest {

    private static final List<String> TAILS = List.of("", " x", "}", "]", ",", "{}", " garbage", "\u0000", "\n");

    @Property(tries = 1500)
    void shouldReadMutatedReadingsAsDatabindDoes(@ForAll("readings") Reading reading, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int mutations) throws Exception {
        byte[] json = mutate(Json.mapper().writeValueAsBytes(reading), new Random(seed), mutations);

        assertAgree(TelemetrySerdes.reading(), new JsonSerde<>(Reading.class), ReadingCodec.INSTANCE, json);
    }

    @Property(tries = 1500)
    void shouldReadMutatedDeviceStatesAsDatabindDoes(@ForAll("deviceStates") DeviceState state, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int mutations) throws Exception {
        byte[] json = mutate(Json.mapper().writeValueAsBytes(state), new Random(seed), mutations);

        assertAgree(TelemetrySerdes.deviceState(), new JsonSerde<>(DeviceState.class), DeviceStateCodec.INSTANCE,
                json);
    }

    private static <T> void assertAgree(Serde<T> fast, Serde<T> databind, StreamingCodec<T> codec, byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        SerdeOutcome expected = SerdeOutcome.of(databind, json);

        assertThat(SerdeOutcome.of(fast, json)).as(text).isEqualTo(expected);
        T onFastPath = codec.readFast(json);
        if (onFastPath != null) {
            assertThat(expected.failed()).as("fast path accepted what databind rejects: %s", text).isFalse();
            assertThat(onFastPath).as(text).isEqualTo(expected.value());
        }
        Statistics.label("path").collect(onFastPath != null ? "fast" : "databind");
        Statistics.label("outcome").collect(expected.failed() ? "rejected" : "accepted");
    }

    private static byte[] mutate(byte[] json, Random rnd, int mutations) throws Exception {
        RawJsonObject raw = RawJsonObject.of(Json.mapper().readTree(json));
        raw.mutate(rnd, mutations);
        String text = raw + TAILS.get(rnd.nextInt(TAILS.size()));
        if (rnd.nextInt(10) == 0) {
            text = text.substring(0, rnd.nextInt(text.length() + 1)); // truncated
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<Reading> readings() {
        return RecordArbitraries.readings();
    }

    @Provide
    Arbitrary<DeviceState> deviceStates() {
        // valid metric names, as the processor writes them: databind cannot read lone surrogates in field names
        return RecordArbitraries.deviceStates(RecordArbitraries.names());
    }
}
