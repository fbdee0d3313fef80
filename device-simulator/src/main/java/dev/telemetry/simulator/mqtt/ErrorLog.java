package dev.telemetry.simulator.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Logs publish errors without flooding: the 1st, 10th, 100th, ... occurrence of each kind, with
 * the running count. Every error is still counted in {@link PublishStats}.
 */
final class ErrorLog {

    private final Logger log;
    private final String connection;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    ErrorLog(Logger log, String connection) {
        this.log = log;
        this.connection = connection;
    }

    void error(String kind, String detail) {
        LongAdder count = counts.computeIfAbsent(kind, k -> new LongAdder());
        count.increment();
        long n = count.sum();
        if (isPowerOfTen(n)) {
            log.warn("{}: {} ({}) - {} so far; counted as errors, publishing continues", connection, kind, detail, n);
        }
    }

    static boolean isPowerOfTen(long n) {
        long p = 1;
        while (p < n && p <= Long.MAX_VALUE / 10) {
            p *= 10;
        }
        return p == n;
    }
}
