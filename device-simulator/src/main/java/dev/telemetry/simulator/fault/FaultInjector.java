package dev.telemetry.simulator.fault;

import dev.telemetry.simulator.device.DeviceModel;
import dev.telemetry.simulator.device.Sample;
import dev.telemetry.simulator.format.DeviceEncoder;
import dev.telemetry.simulator.format.Encoded;
import dev.telemetry.simulator.format.ExpectedReading;
import dev.telemetry.simulator.format.PackFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns one device's samples into the messages to publish, injecting faults at the configured
 * rates. Deterministic: the same seed, device index and configuration give the same faults on the
 * same messages (every tick draws the same random numbers whatever the rates). Not thread-safe: one
 * injector per device, ticked by one thread.
 */
public final class FaultInjector {

    /** Mixed into the run's seed so fault draws are independent of the devices' value streams. */
    private static final long FAULT_SALT = 0x5DEECE66DL;

    private final FaultConfig config;
    private final SplittableRandom rng;
    private final long skewMillis;
    private final List<Held> held = new ArrayList<>();
    /** While the device is silent: until this sample time; Long.MIN_VALUE when it is not. */
    private long silentUntil = Long.MIN_VALUE;
    private long flatUntil = Long.MIN_VALUE;
    private int flatIndex;
    private double flatValue;

    private static final class Held {
        final List<Outgoing> messages;
        int remaining;

        Held(List<Outgoing> messages, int remaining) {
            this.messages = messages;
            this.remaining = remaining;
        }
    }

    /**
     * @param seed        the run's seed
     * @param deviceIndex the device's 0-based index in the fleet
     */
    public FaultInjector(FaultConfig config, long seed, int deviceIndex) {
        this.config = config;
        this.rng = new SplittableRandom(DeviceModel.deviceSeed(seed ^ FAULT_SALT, deviceIndex));
        boolean skewed = rng.nextDouble() < config.skewedDevices();
        long max = config.maxSkew().toMillis();
        long skew = max == 0 ? 0 : rng.nextLong(-max, max + 1);
        this.skewMillis = skewed ? (skew == 0 ? max : skew) : 0;
    }

    /** This device's constant clock error in milliseconds (0 for most devices). */
    public long skewMillis() {
        return skewMillis;
    }

    /** Messages held back for reordering and not yet published. */
    public int heldBack() {
        return held.size();
    }

    /** {@link #apply(Sample, DeviceEncoder)} for a stateless one-message-per-tick format (tests). */
    public List<Outgoing> apply(Sample sample, PackFormat format) {
        return apply(sample, format.encoder("sensors", 0, sample.deviceId()));
    }

    /**
     * The messages to publish for this tick, in order: this tick's messages (unless held back, each
     * twice when duplicated), then any held-back messages whose turn has come. A tick of several
     * messages ({@code plain}: one per metric) gets the same faults on each of its messages.
     */
    public List<Outgoing> apply(Sample sample, DeviceEncoder encoder) {
        // the same draws every tick, so the fault pattern depends only on seed and device
        double late = rng.nextDouble();
        double spike = rng.nextDouble();
        double kind = rng.nextDouble();
        double reorder = rng.nextDouble();
        int reorderTicks = 1 + rng.nextInt(config.reorderMaxTicks());
        int spikeIndex = sample.values().isEmpty() ? 0 : rng.nextInt(sample.values().size());
        double silence = rng.nextDouble();
        double flat = rng.nextDouble();
        int flatCandidate = sample.values().isEmpty() ? 0 : rng.nextInt(sample.values().size());

        List<Fault> faults = new ArrayList<>(3);
        if (silentUntil != Long.MIN_VALUE) {
            if (sample.timestamp() < silentUntil) {
                return List.of(); // silent: this tick publishes nothing
            }
            silentUntil = Long.MIN_VALUE;
            faults.add(Fault.AFTER_SILENCE);
        } else if (silence < config.silenceRate()) {
            silentUntil = sample.timestamp() + config.silenceFor().toMillis();
            return List.of();
        }
        long timestamp = sample.timestamp();
        if (skewMillis != 0) {
            timestamp += skewMillis;
            faults.add(Fault.SKEWED);
        }
        if (late < config.lateRate()) {
            timestamp -= config.lateBy().toMillis();
            faults.add(Fault.LATE);
        }
        List<Sample.Measurement> values = sample.values();
        String flatMetric = null;
        if (!values.isEmpty() && (sample.timestamp() < flatUntil || flat < config.flatlineRate())) {
            if (sample.timestamp() >= flatUntil) { // a new flatline starts at this sample's value
                flatIndex = flatCandidate;
                flatValue = values.get(flatIndex).value();
                flatUntil = sample.timestamp() + config.flatlineFor().toMillis();
            }
            List<Sample.Measurement> changed = new ArrayList<>(values);
            Sample.Measurement m = changed.get(flatIndex);
            changed.set(flatIndex, new Sample.Measurement(m.metric(), m.unit(), flatValue));
            values = changed;
            flatMetric = m.metric();
            faults.add(Fault.FLATLINE);
        }
        String spiked = null;
        if (spike < config.spikeRate() && !values.isEmpty() && flatMetric == null) {
            List<Sample.Measurement> changed = new ArrayList<>(values);
            Sample.Measurement m = changed.get(spikeIndex);
            changed.set(spikeIndex, new Sample.Measurement(m.metric(), m.unit(), m.value() * config.spikeFactor()));
            values = changed;
            spiked = m.metric();
            faults.add(Fault.SPIKE);
        }
        List<Encoded> encoded = encoder.encode(new Sample(sample.deviceId(), timestamp, sample.seq(), values));
        // a session message (Sparkplug NBIRTH) is never lost, delayed or repeated: later data depends on it
        boolean session = encoded.stream().anyMatch(Encoded::session);
        double malformedUpTo = config.malformedRate();
        double oversizedUpTo = malformedUpTo + config.oversizedRate();
        double duplicateUpTo = oversizedUpTo + config.duplicateRate();
        List<Outgoing> messages = new ArrayList<>(encoded.size());
        for (Encoded e : encoded) {
            List<Fault> own = new ArrayList<>(faults);
            byte[] payload = e.payload();
            boolean json = e.json();
            List<ExpectedReading> expected = e.readings();
            if (!session && kind < malformedUpTo) {
                payload = encoder.format().malform(payload);
                expected = List.of();
                json = false;
                own.add(Fault.MALFORMED);
            } else if (!session && kind < oversizedUpTo) {
                payload = pad(payload, config.oversizedBytes(), json);
                expected = List.of();
                own.add(Fault.OVERSIZED);
            }
            messages.add(new Outgoing(e.topic(), payload, e.contentType(), json, expected.size(), expected, own,
                    spiked, flatMetric));
        }

        List<Outgoing> out = new ArrayList<>(2 * messages.size());
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (--h.remaining == 0) {
                it.remove();
                h.messages.forEach(m -> out.add(m.with(Fault.REORDERED)));
            }
        }
        if (!session && reorder < config.reorderRate()) {
            held.add(new Held(messages, reorderTicks));
        } else {
            List<Outgoing> now = new ArrayList<>(2 * messages.size());
            for (Outgoing m : messages) {
                now.add(m);
                if (!session && kind >= oversizedUpTo && kind < duplicateUpTo) {
                    now.add(m.with(Fault.DUPLICATE));
                }
            }
            out.addAll(0, now);
        }
        return out;
    }

    /** A payload of exactly {@code size} bytes: JSON stays valid JSON (a padding field), anything else is extended. */
    static byte[] pad(byte[] payload, int size, boolean json) {
        if (payload.length >= size) {
            return payload;
        }
        if (json && payload.length >= 2 && payload[payload.length - 1] == '}') {
            byte[] head = ",\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[size];
            int body = payload.length - 1;
            System.arraycopy(payload, 0, out, 0, body);
            System.arraycopy(head, 0, out, body, head.length);
            Arrays.fill(out, body + head.length, size - 2, (byte) 'x');
            out[size - 2] = '"';
            out[size - 1] = '}';
            return out;
        }
        byte[] out = Arrays.copyOf(payload, size);
        Arrays.fill(out, payload.length, size, (byte) ' ');
        return out;
    }
}
