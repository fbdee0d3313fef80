package dev.telemetry.processor.topology;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.processor.anomaly.BuiltIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies each arrival to its device's state in {@link StateTopology#STATE_STORE} with
 * {@link StateReconciler}, forwards the new state, and turns silent devices OFFLINE.
 *
 * <p><b>Publishes the newest state of each changed device once per commit</b> ({@link FlushForwarding}): every
 * arrival changes the state (late ones and duplicates change the counters), the store's cache keeps the newest,
 * and at each commit (every {@code commit.interval}) the cache's writes go to the changelog and to
 * {@code telemetry.device-state} together. The topic is therefore the store's changelog as of each commit: a
 * consumer of it sees what the query API returns, at most one commit interval later, and a message of several
 * readings is one state record, not one per reading.
 *
 * <p><b>Silence.</b> A wall-clock punctuation (every {@link TopologyConfig#offlineCheckInterval()}) marks
 * OFFLINE every ONLINE device whose lastReceived (the gateway's receipt time of its newest data) is at least
 * {@code device.offline-after} behind this processor's clock, so it fires without new input. The next
 * reading makes the device ONLINE again.
 *
 * <p><b>Signals for the built-in detectors</b> go to {@link StateTopology#ALERTS} (the states go to
 * {@link StateTopology#SINK} only): OFFLINE when a device is marked OFFLINE, its end when data arrives for an OFFLINE
 * device, sequence gaps and readings later than the window grace ({@link DeviceSignal}). Detecting these here,
 * where the state already knows them, keeps one definition of each.
 *
 * <p>The output record's timestamp is the state's lastReceived (the gateway's receipt time), not the
 * reading's eventTime: it is monotonic per device and cannot lie far in the future because of a device's
 * clock, which brokers reject ({@code log.message.timestamp.after.max.ms}).
 */
final class DeviceStateProcessor implements Processor<String, Arrival, String, Object> {

    private final Duration offlineAfter;
    private final Duration checkInterval;
    private final int maxMetrics;
    private final TopologyEvents events;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, DeviceState> store;
    /**
     * No ONLINE device of this task was received before this: a lower bound kept in memory, lowered by every
     * state written and raised by every full scan. The offline check scans the store only once its cutoff reaches
     * the bound; without it every check read and deserialized every device's state, which with 100,000 devices
     * took a sixth of the stream thread's time (docs/benchmarks.md). Starts at the minimum, so the first check
     * after start-up or a rebalance scans.
     */
    private long oldestOnlineReceived = Long.MIN_VALUE;
    /**
     * The device written last and its state, as written. The readings of one MQTT message (a SenML pack, a JSON
     * object of several fields) are consecutive records of one device, so most arrivals find their device here
     * instead of reading and deserializing the state the previous record just wrote. Only this processor writes
     * the store, and {@link #init} (also after a rollback, when the store is restored) forgets it.
     */
    private String lastDevice;
    private DeviceState lastState;
    /** Whether the store's cache publishes the states ({@link FlushForwarding}); if not, every write is sent. */
    private boolean publishedOnFlush;

    DeviceStateProcessor(TopologyConfig cfg, TopologyEvents events) {
        this.offlineAfter = cfg.offlineAfter();
        this.checkInterval = cfg.offlineCheckInterval();
        this.maxMetrics = cfg.maxMetricsPerDevice();
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(StateTopology.STATE_STORE);
        this.lastDevice = null;
        this.lastState = null;
        this.publishedOnFlush = FlushForwarding.install(context, store, StateTopology.SINK,
                DeviceStateProcessor::outputTimestamp);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::markSilentDevicesOffline);
    }

    @Override
    public void process(Record<String, Arrival> record) {
        Arrival arrival = record.value();
        DeviceState current = record.key().equals(lastDevice) ? lastState : store.get(record.key());
        DeviceState state;
        if (arrival.duplicate()) {
            state = StateReconciler.duplicate(current, record.key());
        } else {
            Reconciliation r = StateReconciler.reconcile(current, arrival.reading(), maxMetrics);
            state = r.state();
            if (r.metricDropped()) {
                events.metricDropped();
            }
            if (arrival.tooLateForWindow()) {
                state = state.withCounters(state.counters().plusTooLateForWindow());
            }
            if (r.metricsChanged()) {
                events.reflected(arrival.reading(), context.currentSystemTimeMs());
            }
        }
        events.counted(current == null ? null : current.counters(), state.counters());
        write(record.key(), state);
        if (state.status() == DeviceStatus.ONLINE) {
            oldestOnlineReceived = Math.min(oldestOnlineReceived, state.lastReceived());
        }
        publish(record.key(), state, record.timestamp());
        if (!arrival.duplicate()) {
            signal(record, current, state, arrival);
        }
    }

    /** The device-state topic's timestamp: lastReceived, or the writing record's when nothing was received. */
    private static long outputTimestamp(DeviceState state, long recordTimestamp) {
        return state.lastReceived() >= 0 ? state.lastReceived() : Math.max(0, recordTimestamp);
    }

    private void publish(String deviceId, DeviceState state, long recordTimestamp) {
        if (!publishedOnFlush) {
            context.forward(new Record<>(deviceId, state, outputTimestamp(state, recordTimestamp)), StateTopology.SINK);
        }
    }

    private void write(String deviceId, DeviceState state) {
        store.put(deviceId, state);
        lastDevice = deviceId;
        lastState = state;
    }

    private void signal(Record<String, Arrival> record, DeviceState before, DeviceState after, Arrival arrival) {
        long time = arrival.reading().eventTime();
        if (before != null && before.status() == DeviceStatus.OFFLINE) {
            forward(record, new DeviceSignal(record.key(), BuiltIn.OFFLINE, false, 0, time));
        }
        long gaps = after.counters().sequenceGaps() - (before == null ? 0 : before.counters().sequenceGaps());
        if (gaps > 0) {
            forward(record, new DeviceSignal(record.key(), BuiltIn.SEQUENCE_GAP, true, gaps, time));
        }
        if (arrival.tooLateForWindow()) {
            forward(record, new DeviceSignal(record.key(), BuiltIn.LATE_DATA, true, 1, time));
        }
    }

    private void forward(Record<String, Arrival> record, DeviceSignal signal) {
        context.forward(new Record<String, Object>(record.key(), signal, record.timestamp()), StateTopology.ALERTS);
    }

    private void markSilentDevicesOffline(long now) {
        long cutoff = now - offlineAfter.toMillis();
        if (cutoff < oldestOnlineReceived) {
            return; // no ONLINE device has been silent that long
        }
        List<KeyValue<String, DeviceState>> silent = new ArrayList<>();
        long oldestRemaining = Long.MAX_VALUE;
        try (KeyValueIterator<String, DeviceState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, DeviceState> kv = it.next();
                if (kv.value.status() != DeviceStatus.ONLINE) {
                    continue;
                }
                if (kv.value.lastReceived() <= cutoff) {
                    silent.add(kv);
                } else {
                    oldestRemaining = Math.min(oldestRemaining, kv.value.lastReceived());
                }
            }
        }
        oldestOnlineReceived = oldestRemaining;
        // written after the scan: no writes into the store under an open iterator
        for (KeyValue<String, DeviceState> kv : silent) {
            DeviceState offline = kv.value.withStatus(DeviceStatus.OFFLINE);
            write(kv.key, offline);
            events.wentOffline();
            long timestamp = Math.max(0, offline.lastReceived());
            publish(kv.key, offline, timestamp);
            // dated when the silence reached the timeout, on the gateway's clock that lastReceived is on
            long silentSince = Math.max(0, offline.lastReceived()) + offlineAfter.toMillis();
            context.forward(new Record<String, Object>(kv.key, new DeviceSignal(kv.key, BuiltIn.OFFLINE, true, 0,
                    silentSince), timestamp), StateTopology.ALERTS);
        }
    }
}
