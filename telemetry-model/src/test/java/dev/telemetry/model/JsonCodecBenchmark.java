package dev.telemetry.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A small microbenchmark, not a test: ns per write and read of a typical {@link Reading} and a {@link DeviceState}
 * with three metrics, databind against the streaming codecs. Run from the repository root after
 * {@code ./mvnw -o -q -B -pl telemetry-model -am test-compile}:
 *
 * <pre>
 * ./mvnw -o -q -B -pl telemetry-model dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp telemetry-model/target/test-classes:telemetry-model/target/classes:$(cat /tmp/cp.txt) \
 *     dev.telemetry.model.JsonCodecBenchmark [rounds] [millisPerRound]
 * </pre>
 *
 * Each round runs every operation for {@code millisPerRound} in total, in slices alternating between the
 * operations, and prints the median and minimum ns per operation over the slices, in thread CPU time and wall
 * clock. The first round includes JIT warm-up. On a shared machine, CPU time is the steadier figure.
 */
public final class JsonCodecBenchmark {

    private static final int SLICES = 15;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private JsonCodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 3000;
        Reading reading = new Reading("plant-7/boiler-12", "temperature", ReadingValue.of(71.25), "Cel",
                1_764_400_000_123L, TimeSource.DEVICE, 48_211L, 1_764_400_000_187L,
                new Source("plants/plant-7/boiler-12/telemetry", "json", "gateway-1"));
        DeviceState state = new DeviceState("plant-7/boiler-12", Map.of(
                "temperature", MetricState.of(reading),
                "pressure", new MetricState(ReadingValue.of(2.4375), "bar", 1_764_400_000_123L, TimeSource.DEVICE,
                        48_211L, 1_764_400_000_187L),
                "valve", new MetricState(ReadingValue.of("open"), null, 1_764_399_990_000L, TimeSource.GATEWAY, null,
                        1_764_399_990_004L)),
                1_764_400_000_123L, 1_764_400_000_187L, DeviceStatus.ONLINE,
                new DeviceCounters(48_000, 12, 3, 40, 2, 1), 48_211L);
        byte[] readingJson = Json.mapper().writeValueAsBytes(reading);
        byte[] stateJson = Json.mapper().writeValueAsBytes(state);
        System.out.printf("Reading %d bytes, DeviceState %d bytes%n", readingJson.length, stateJson.length);

        Map<String, Callable<Object>> ops = new LinkedHashMap<>();
        ops.put("Reading     write databind", () -> Json.mapper().writeValueAsBytes(reading));
        ops.put("Reading     write fast    ", () -> ReadingCodec.INSTANCE.write(reading));
        ops.put("Reading     read  databind", () -> Json.mapper().readValue(readingJson, Reading.class));
        ops.put("Reading     read  fast    ", () -> ReadingCodec.INSTANCE.read(readingJson));
        ops.put("DeviceState write databind", () -> Json.mapper().writeValueAsBytes(state));
        ops.put("DeviceState write fast    ", () -> DeviceStateCodec.INSTANCE.write(state));
        ops.put("DeviceState read  databind", () -> Json.mapper().readValue(stateJson, DeviceState.class));
        ops.put("DeviceState read  fast    ", () -> DeviceStateCodec.INSTANCE.read(stateJson));
        check(ops);

        List<String> names = new ArrayList<>(ops.keySet());
        List<Callable<Object>> calls = new ArrayList<>(ops.values());
        for (int round = 1; round <= rounds; round++) {
            // databind and fast alternate in short slices, so that a burst of load on the shared machine hits
            // both; the median slice is the figure, the minimum shows the noise floor
            double[][] wall = new double[calls.size()][SLICES];
            double[][] cpu = new double[calls.size()][SLICES];
            for (int slice = 0; slice < SLICES; slice++) {
                for (int op = 0; op < calls.size(); op++) {
                    double[] ns = nanosPerOp(calls.get(op), millis / SLICES);
                    wall[op][slice] = ns[0];
                    cpu[op][slice] = ns[1];
                }
            }
            System.out.printf("round %d (%d slices of %d ms per operation; median / min ns per op)%n", round, SLICES,
                    millis / SLICES);
            for (int op = 0; op < calls.size(); op++) {
                System.out.printf("  %s  cpu %6.0f / %6.0f   wall %6.0f / %6.0f%n", names.get(op), median(cpu[op]),
                        min(cpu[op]), median(wall[op]), min(wall[op]));
            }
        }
        System.out.println(sink == 42 ? "" : "(sink " + (sink & 0xff) + ")");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    /** Both ways must produce the same bytes and values, and the fast reads must not fall back to databind. */
    private static void check(Map<String, Callable<Object>> ops) throws Exception {
        Object[] results = new Object[ops.size()];
        int i = 0;
        for (Callable<Object> op : ops.values()) {
            results[i++] = op.call();
        }
        for (i = 0; i < results.length; i += 2) {
            boolean same = results[i] instanceof byte[] a ? Arrays.equals(a, (byte[]) results[i + 1])
                    : results[i].equals(results[i + 1]);
            if (!same) {
                throw new IllegalStateException("databind and the fast codec disagree: " + results[i]);
            }
        }
        if (ReadingCodec.INSTANCE.readFast(Json.mapper().writeValueAsBytes(results[2])) == null
                || DeviceStateCodec.INSTANCE.readFast(Json.mapper().writeValueAsBytes(results[6])) == null) {
            throw new IllegalStateException("the fast read falls back to databind");
        }
    }

    /** Wall-clock and thread-CPU nanoseconds per call: CPU time is less disturbed by other processes. */
    private static double[] nanosPerOp(Callable<Object> op, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        long count = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                Object result = op.call();
                sink += result instanceof byte[] b ? b.length : result.hashCode();
            }
            count += 256;
            now = System.nanoTime();
        } while (now < deadline);
        return new double[] {(double) (now - start) / count,
            (double) (THREADS.getCurrentThreadCpuTime() - cpuStart) / count};
    }
}
