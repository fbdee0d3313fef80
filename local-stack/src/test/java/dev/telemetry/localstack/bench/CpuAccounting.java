package dev.telemetry.localstack.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * CPU time by part, for benchmarks on a shared machine: wall-clock rates move with whatever else runs, CPU
 * seconds per message much less. Threads of this JVM are put into parts by {@code partOf(threadName)}; the
 * broker process is read from {@code /proc/<pid>/stat}. Threads that end between two snapshots are not
 * counted, so parts should be long-lived (clients, brokers).
 */
final class CpuAccounting {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private final Function<String, String> partOf;
    private final long brokerPid;

    CpuAccounting(Function<String, String> partOf, long brokerPid) {
        this.partOf = partOf;
        this.brokerPid = brokerPid;
    }

    /** CPU nanoseconds used so far, by part; the broker as {@code "mosquitto"}. */
    Map<String, Long> snapshot() {
        Map<String, Long> parts = new TreeMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu > 0) {
                parts.merge(partOf.apply(infos[i].getThreadName()), cpu, Long::sum);
            }
        }
        parts.put("mosquitto", brokerCpuNanos());
        return parts;
    }

    /** {@code after - before} per part. */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((part, nanos) -> d.put(part, Math.max(0, nanos - before.getOrDefault(part, 0L))));
        return d;
    }

    private long brokerCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + brokerPid + "/stat"));
            // fields after the ")" that ends the command name: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
