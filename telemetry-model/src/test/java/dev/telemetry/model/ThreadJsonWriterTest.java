package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-thread generator of the streaming codecs: nothing carries over from one value to the next. */
class ThreadJsonWriterTest {

    /** Writes {"v":...}, or fails half-way through for "fail". */
    private static final StreamingCodec<String> HALF_FAILING = new StreamingCodec<>(String.class) {
        @Override
        void writeValue(JsonGenerator gen, String value) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName("v");
            if (value.equals("fail")) {
                throw new IOException("failed half-way");
            }
            gen.writeString(value);
            gen.writeEndObject();
        }

        @Override
        String readObject(JsonParser p) {
            throw new UnsupportedOperationException();
        }
    };

    private static final Reading READING = new Reading("d", "m", ReadingValue.of(1.5), "Cel", 1, TimeSource.DEVICE, 2L,
            3, new Source("t", "json", "gw"));

    @Test
    void shouldWriteCleanlyAfterAWriteFailedHalfWay() throws Exception {
        assertThat(text(HALF_FAILING.write("a"))).isEqualTo("{\"v\":\"a\"}");

        assertThatThrownBy(() -> HALF_FAILING.write("fail")).hasMessage("failed half-way");

        assertThat(text(HALF_FAILING.write("b"))).isEqualTo("{\"v\":\"b\"}");
        assertThat(ReadingCodec.INSTANCE.write(READING)).isEqualTo(Json.mapper().writeValueAsBytes(READING));
    }

    @Test
    void shouldWriteSmallValuesAfterOneLargerThanTheRetainedBuffer() throws Exception {
        Map<String, MetricState> metrics = new TreeMap<>();
        for (int i = 0; i < 2000; i++) {
            metrics.put("metric-" + i, MetricState.of(READING));
        }
        DeviceState big = new DeviceState("d", metrics, 1, 2, DeviceStatus.ONLINE, DeviceCounters.ZERO, 5L);

        byte[] bigJson = DeviceStateCodec.INSTANCE.write(big);

        assertThat(bigJson.length).isGreaterThan(64 * 1024);
        assertThat(bigJson).isEqualTo(Json.mapper().writeValueAsBytes(big));
        assertThat(ReadingCodec.INSTANCE.write(READING)).isEqualTo(Json.mapper().writeValueAsBytes(READING));
    }

    @Test
    void shouldWriteTheSameBytesFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        Reading r = new Reading("d-" + thread, "m" + i, ReadingValue.of(i * 0.5), null, i,
                                TimeSource.GATEWAY, i % 2 == 0 ? null : (long) i, i, new Source("t", "f", "g"));
                        if (!java.util.Arrays.equals(ReadingCodec.INSTANCE.write(r), Json.mapper().writeValueAsBytes(r))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
