package dev.telemetry.localstack.bench;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.ReadingValue;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The readings {@link ScaleOutBench} publishes, generated one at a time as the rate allows, and the oracle for
 * them: per device and metric the value with the greatest event time, and per device the number of readings
 * ({@code counters.accepted}: each reading exactly once, whatever MQTT redelivered or a failover replayed).
 *
 * <p>Reading {@code i} goes to device {@code i % devices} with that device's next sequence number, as one JSON
 * message on {@code sensors/<device>}: temperature always, humidity instead for every second reading of
 * even-numbered devices (like the e2e tests' {@code DeviceOracle}). Values come from a seeded generator; the
 * event time ({@code ts}) is the wall clock when the reading is published, strictly increasing per device, so
 * that the end-to-end latency can be read back from the device state as the simulator's benchmark does
 * (the consumer's clock minus the state's {@code lastSeen}). The e2e tests' {@code DeviceOracle} stamps fixed
 * offsets in the past, which cannot serve that purpose. Thread-safe: the publisher generates, the checker
 * compares.
 */
final class ScaleOutFleet {

    /** One generated reading: its MQTT topic and payload, and its event time (= publish time, epoch ms). */
    record Message(String topic, byte[] payload, long eventTime) {
    }

    /** How a device's state from the API compares with the oracle. */
    record Comparison(boolean matches, long acceptedExcess, long acceptedMissing, String difference) {
    }

    private static final String[] METRICS = {"temperature", "humidity"};

    private final int devices;
    private final SplittableRandom random;
    private final int[] seq;
    private final long[] lastEventTime;
    private final double[][] latestValue;
    private final long[][] latestTime;
    private long generated;

    ScaleOutFleet(int devices, long seed) {
        this.devices = devices;
        this.random = new SplittableRandom(seed);
        this.seq = new int[devices];
        this.lastEventTime = new long[devices];
        this.latestValue = new double[devices][METRICS.length];
        this.latestTime = new long[devices][METRICS.length];
    }

    static String deviceId(int d) {
        return String.format(Locale.ROOT, "scale-%05d", d);
    }

    /** Index of a device id of this fleet, or -1 for any other key. */
    static int indexOf(String deviceId) {
        if (deviceId == null || !deviceId.startsWith("scale-") || deviceId.length() != 11) {
            return -1;
        }
        try {
            return Integer.parseInt(deviceId.substring(6));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    int devices() {
        return devices;
    }

    /** Generates the next reading, stamped {@code nowMillis}, and records it in the oracle. */
    synchronized Message next(long nowMillis) {
        int d = (int) (generated++ % devices);
        int s = ++seq[d];
        int m = d % 2 == 0 && s % 2 == 0 ? 1 : 0;
        long eventTime = Math.max(nowMillis, lastEventTime[d] + 1);
        lastEventTime[d] = eventTime;
        double value = Math.round(random.nextDouble(-500, 500) * 10) / 10.0;
        latestValue[d][m] = value;
        latestTime[d][m] = eventTime;
        String payload = "{\"ts\":" + eventTime + ",\"seq\":" + s + ",\"" + METRICS[m] + "\":" + value + "}";
        return new Message("sensors/" + deviceId(d), payload.getBytes(StandardCharsets.UTF_8), eventTime);
    }

    /** Readings generated so far. */
    synchronized long generated() {
        return generated;
    }

    /** The identity of reading {@code seq} of device {@code d}, as one long (for sets of distinct readings). */
    static long identity(int d, long seq) {
        return ((long) d << 32) | (seq & 0xffffffffL);
    }

    /** Compares one device's state with the oracle: metrics, latest values and event times, accepted count. */
    synchronized Comparison compare(int d, DeviceState state) {
        long expectedAccepted = seq[d];
        long accepted = state.counters().accepted();
        long excess = Math.max(0, accepted - expectedAccepted);
        long missing = Math.max(0, expectedAccepted - accepted);
        StringBuilder diff = new StringBuilder();
        if (accepted != expectedAccepted) {
            diff.append("accepted ").append(accepted).append(" (published ").append(expectedAccepted).append(") ");
        }
        for (int m = 0; m < METRICS.length; m++) {
            MetricState actual = state.metrics().get(METRICS[m]);
            boolean expected = latestTime[d][m] != 0;
            if (!expected) {
                if (actual != null) {
                    diff.append(METRICS[m]).append(" present, never published ");
                }
                continue;
            }
            if (actual == null) {
                diff.append(METRICS[m]).append(" missing ");
            } else if (!Objects.equals(actual.value(), ReadingValue.of(latestValue[d][m]))
                    || actual.eventTime() != latestTime[d][m]) {
                diff.append(METRICS[m]).append(' ').append(actual.value().raw()).append(" at ")
                        .append(actual.eventTime()).append(" (published ").append(latestValue[d][m]).append(" at ")
                        .append(latestTime[d][m]).append(") ");
            }
        }
        if (state.metrics().size() > countExpectedMetrics(d)) {
            diff.append("metrics ").append(state.metrics().keySet()).append(' ');
        }
        String text = diff.toString().trim();
        return new Comparison(text.isEmpty(), excess, missing, text);
    }

    private int countExpectedMetrics(int d) {
        int n = 0;
        for (long t : latestTime[d]) {
            n += t != 0 ? 1 : 0;
        }
        return n;
    }
}
