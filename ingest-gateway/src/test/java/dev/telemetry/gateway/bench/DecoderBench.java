package dev.telemetry.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.JsonDecoder;
import dev.telemetry.gateway.decode.JsonFields;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.PlainDecoder;
import dev.telemetry.gateway.decode.Route;
import dev.telemetry.gateway.decode.SenmlDecoder;
import dev.telemetry.gateway.decode.SparkplugDecoder;
import dev.telemetry.gateway.decode.TopicTemplate;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoder throughput on one core: each benchmark decodes one message per invocation through the gateway's
 * {@link PayloadRouter} (topic matching, decoding, validation, unit normalization), exactly as the gateway
 * does; {@code encode} variants also write every reading as the JSON record value sent to Kafka, the rest of
 * the gateway's CPU work per message before the producer. Readings per second = operations per second x the
 * message's readings, listed in {@link #READINGS_PER_MESSAGE}. Run with {@code scripts/bench-decoders}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class DecoderBench {

    /** Readings each benchmark's message yields. */
    public static final Map<String, Integer> READINGS_PER_MESSAGE = Map.of(
            "json", 1, "jsonNested", 6, "jsonArray", 10, "plain", 1, "senmlJson", 10, "senmlCbor", 10,
            "sparkplug", 10);

    private static final long NOW = 1_767_225_600_000L;
    private static final String[][] METRICS = {
        {"temperature", "Cel"}, {"humidity", "%RH"}, {"pressure", "hPa"}, {"wind", "km/h"},
        {"energy", "Wh"}, {"power", "W"}, {"voltage", "V"}, {"current", "mA"}, {"level", "cm"},
        {"outside", "degF"}};

    /** Whether the readings are also serialized to the Kafka record value. */
    @Param({"false", "true"})
    public boolean encode;

    private PayloadRouter router;
    private byte[] json;
    private byte[] jsonNested;
    private byte[] jsonArray;
    private byte[] plain;
    private byte[] senmlJson;
    private byte[] senmlCbor;
    private byte[] sparkplugBirth;
    private final List<byte[]> sparkplugData = new ArrayList<>();
    private int sparkplugIndex;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        router = PayloadRouter.of(List.of(
                new Route("senml", "senml/+", SenmlDecoder.FORMAT_JSON, TopicTemplate.parse("senml/{deviceId}")),
                new Route("cbor", "cbor/+", SenmlDecoder.FORMAT_CBOR, TopicTemplate.parse("cbor/{deviceId}")),
                new Route("sparkplug", "spBv1.0/#", SparkplugDecoder.FORMAT, null),
                new Route("plain", "sensors/+/+", PlainDecoder.FORMAT, TopicTemplate.parse("sensors/{deviceId}/{metric}")),
                new Route("json", "sensors/#", JsonDecoder.FORMAT, TopicTemplate.parse("sensors/{deviceId}"))),
                "gw-bench", JsonFields.DEFAULTS, false, 256 * 1024);

        json = bytes("{\"ts\":1767225600123,\"seq\":42,\"temperature\":21.5}");
        jsonNested = bytes("{\"ts\":\"2026-01-01T00:00:00.123Z\",\"seq\":42,\"env\":{\"t\":21.5,\"rh\":40.2,"
                + "\"air\":{\"co2\":612,\"voc\":0.31}},\"door\":true,\"state\":\"running\"}");
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            array.append(i == 0 ? "" : ",").append("{\"ts\":").append(1_767_225_600L + i)
                    .append(",\"seq\":").append(i).append(",\"temperature\":").append(21 + i / 10.0).append('}');
        }
        jsonArray = bytes(array.append(']').toString());
        plain = bytes("21.5");

        List<Map<String, Object>> pack = new ArrayList<>();
        List<Map<Integer, Object>> cborPack = new ArrayList<>();
        for (int m = 0; m < METRICS.length; m++) {
            Map<String, Object> r = new LinkedHashMap<>();
            Map<Integer, Object> c = new LinkedHashMap<>();
            if (m == 0) {
                r.put("bn", "bench-00001:");
                r.put("bt", 1_767_225_600.123);
                c.put(-2, "bench-00001:");
                c.put(-3, 1_767_225_600.123);
            }
            r.put("n", METRICS[m][0]);
            r.put("u", METRICS[m][1]);
            r.put("v", 20.5 + m);
            c.put(0, METRICS[m][0]);
            c.put(1, METRICS[m][1]);
            c.put(2, 20.5 + m);
            pack.add(r);
            cborPack.add(c);
        }
        senmlJson = new ObjectMapper().writeValueAsBytes(pack);
        senmlCbor = new CBORMapper().writeValueAsBytes(cborPack);

        Payload.Builder birth = Payload.newBuilder().setTimestamp(NOW).setSeq(0)
                .addMetrics(Payload.Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE)
                        .setLongValue(1));
        for (int m = 0; m < METRICS.length; m++) {
            birth.addMetrics(Payload.Metric.newBuilder().setName(METRICS[m][0]).setAlias(m + 1)
                    .setDatatype(DataType.Double_VALUE).setDoubleValue(20 + m));
        }
        sparkplugBirth = birth.build().toByteArray();
        for (int seq = 1; seq <= 256; seq++) {
            Payload.Builder data = Payload.newBuilder().setTimestamp(NOW + seq).setSeq(seq % 256);
            for (int m = 0; m < METRICS.length; m++) {
                data.addMetrics(Payload.Metric.newBuilder().setAlias(m + 1).setTimestamp(NOW + seq)
                        .setDatatype(DataType.Double_VALUE).setDoubleValue(20.5 + m + seq / 100.0));
            }
            sparkplugData.add(data.build().toByteArray());
        }
        check(router.decode("spBv1.0/plant/NBIRTH/edge-1", sparkplugBirth, NOW), 10);
        check(router.decode("sensors/bench-00001", json, NOW), 1);
        check(router.decode("sensors/bench-00001", jsonNested, NOW), 6);
        check(router.decode("sensors/bench-00001", jsonArray, NOW), 10);
        check(router.decode("sensors/bench-00001/temperature", plain, NOW), 1);
        check(router.decode("senml/bench-00001", senmlJson, NOW), 10);
        check(router.decode("cbor/bench-00001", senmlCbor, NOW), 10);
    }

    private static void check(DecodeResult result, int readings) {
        if (!(result instanceof DecodeResult.Success ok) || ok.readings().size() != readings) {
            throw new IllegalStateException("the benchmark's message does not decode to " + readings
                    + " readings: " + (result instanceof DecodeResult.Success ok ? ok.readings().size() : result));
        }
    }

    @Benchmark
    public void json(Blackhole bh) throws Exception {
        consume(router.decode("sensors/bench-00001", json, NOW), bh);
    }

    @Benchmark
    public void jsonNested(Blackhole bh) throws Exception {
        consume(router.decode("sensors/bench-00001", jsonNested, NOW), bh);
    }

    @Benchmark
    public void jsonArray(Blackhole bh) throws Exception {
        consume(router.decode("sensors/bench-00001", jsonArray, NOW), bh);
    }

    @Benchmark
    public void plain(Blackhole bh) throws Exception {
        consume(router.decode("sensors/bench-00001/temperature", plain, NOW), bh);
    }

    @Benchmark
    public void senmlJson(Blackhole bh) throws Exception {
        consume(router.decode("senml/bench-00001", senmlJson, NOW), bh);
    }

    @Benchmark
    public void senmlCbor(Blackhole bh) throws Exception {
        consume(router.decode("cbor/bench-00001", senmlCbor, NOW), bh);
    }

    /** NDATA with 10 metrics by alias, seq following on, against one edge node's birth. */
    @Benchmark
    public void sparkplug(Blackhole bh) throws Exception {
        byte[] data = sparkplugData.get(sparkplugIndex);
        sparkplugIndex = (sparkplugIndex + 1) % sparkplugData.size();
        consume(router.decode("spBv1.0/plant/NDATA/edge-1", data, NOW), bh);
    }

    private void consume(DecodeResult result, Blackhole bh) throws Exception {
        if (!(result instanceof DecodeResult.Success ok)) {
            throw new IllegalStateException("decoding failed: " + result);
        }
        if (encode) {
            for (Reading r : ok.readings()) {
                bh.consume(Json.mapper().writeValueAsBytes(r));
            }
        } else {
            bh.consume(ok.readings());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
