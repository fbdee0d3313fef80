package dev.telemetry.simulator.device;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated device: its id, its sequence counter and its signals. Values are a pure function
 * of (seed, device index, seq): each device has its own {@link SplittableRandom} seeded from both,
 * so devices are independent of each other, of the rate and of the thread that ticks them.
 * Not thread-safe: one device is ticked by one thread.
 */
public final class DeviceModel {

    private final String deviceId;
    private final int index;
    private final List<Signal> signals;
    private long nextSeq;

    private DeviceModel(String deviceId, int index, List<Signal> signals) {
        this.deviceId = deviceId;
        this.index = index;
        this.signals = signals;
    }

    /**
     * @param deviceId the id to publish under
     * @param index    the device's 0-based index in the fleet (part of its random seed)
     * @param seed     the run's seed
     * @param metrics  what the device measures
     */
    public static DeviceModel create(String deviceId, int index, long seed, MetricSet metrics) {
        SplittableRandom rng = new SplittableRandom(deviceSeed(seed, index));
        return new DeviceModel(deviceId, index, metrics.create(rng));
    }

    /**
     * The id of the device at 0-based {@code index}: the prefix and the 1-based number, zero-padded
     * to 5 digits or to the width of the fleet size if wider ({@code sim-00001}).
     */
    public static String deviceId(String prefix, int index, int fleetSize) {
        int width = Math.max(5, Integer.toString(fleetSize).length());
        String number = Integer.toString(index + 1);
        return prefix + "0".repeat(Math.max(0, width - number.length())) + number;
    }

    /** The next tick's sample; its seq is 0 for the first call and increments by one. */
    public Sample next(long timestampMillis) {
        long seq = nextSeq++;
        List<Sample.Measurement> values = new ArrayList<>(signals.size());
        for (Signal signal : signals) {
            values.add(new Sample.Measurement(signal.metric(), signal.unit(), signal.next(seq)));
        }
        return new Sample(deviceId, timestampMillis, seq, values);
    }

    public String deviceId() {
        return deviceId;
    }

    public int index() {
        return index;
    }

    /** Mixes seed and index so neighbouring indices get unrelated streams (murmur3 finaliser). */
    public static long deviceSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
