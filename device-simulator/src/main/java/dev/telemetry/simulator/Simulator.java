package dev.telemetry.simulator;

import dev.telemetry.simulator.device.DeviceModel;
import dev.telemetry.simulator.device.MetricSet;
import dev.telemetry.simulator.device.Sample;
import dev.telemetry.simulator.fault.Fault;
import dev.telemetry.simulator.fault.FaultCounts;
import dev.telemetry.simulator.fault.FaultInjector;
import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.format.DeviceEncoder;
import dev.telemetry.simulator.format.Encoded;
import dev.telemetry.simulator.format.PayloadFormat;
import dev.telemetry.simulator.fault.DropSchedule;
import dev.telemetry.simulator.mqtt.Publisher;
import dev.telemetry.simulator.mqtt.PublishStats;
import dev.telemetry.simulator.rate.Pacer;
import dev.telemetry.simulator.rate.RatePlan;
import dev.telemetry.simulator.rate.Ticker;
import dev.telemetry.simulator.record.MessageRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulation: N devices publishing over MQTT at a target rate, in background threads.
 * Embeddable: {@code Simulator.start(cfg)}, then {@link #awaitCompletion()} and/or {@link #stop()};
 * {@link #summary()} may be called at any time from any thread.
 *
 * <p>Threads: one pacer per MQTT connection (devices {@code i} with {@code i mod connections == c}
 * tick on pacer {@code c} and publish on connection {@code c}), plus Paho's threads per connection.
 * All are daemon threads.
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    /** A pacer further behind than this skips the missed time instead of bursting. */
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SimulatorConfig config;
    private final RatePlan plan;
    private final PublishStats stats;
    private final List<Publisher> publishers;
    private final MessageRecorder recorder;
    private final List<Thread> pacerThreads = new ArrayList<>();
    private final List<Pacer> pacers = new ArrayList<>();
    private final AtomicInteger runningPacers = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final FaultCounts faultCounts = new FaultCounts();
    private final AtomicLong connectionDrops = new AtomicLong();
    private final AtomicLong dropsSkipped = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile RuntimeException closeFailure;

    private Simulator(SimulatorConfig config, RatePlan plan, PublishStats stats, List<Publisher> publishers,
            MessageRecorder recorder) {
        this.config = config;
        this.plan = plan;
        this.stats = stats;
        this.publishers = publishers;
        this.recorder = recorder;
    }

    /**
     * Connects every connection and starts publishing in the background.
     *
     * @throws SimulatorException when the broker is unreachable or refuses a connection, or the
     *                            recording file cannot be created
     */
    public static Simulator start(SimulatorConfig cfg) {
        return start(cfg, MetricSet.standard());
    }

    /**
     * {@link #start(SimulatorConfig)} with another metric set than the standard three, e.g. single
     * readings or 10-reading packs for the benchmark's throughput scenarios.
     */
    public static Simulator start(SimulatorConfig cfg, MetricSet metrics) {
        PayloadFormat format = PayloadFormat.byName(cfg.format());
        RatePlan plan = new RatePlan(cfg.devices(), metrics.size(), cfg.readingsPerSecond());
        MessageRecorder recorder = Connections.openRecorder(cfg);
        PublishStats stats = new PublishStats();
        List<Publisher> publishers = Connections.connectAll(cfg, format, stats, recorder);
        Simulator simulator = new Simulator(cfg, plan, stats, publishers, recorder);
        LOG.info(String.format(Locale.ROOT, "%d devices x %d metrics at %.1f readings/s = %.1f ticks/s "
                        + "(each device every %.1f ms), format %s, topic prefix %s, at %s, QoS %d, %d connection(s),"
                        + " seed %d, MQTT %s%s", cfg.devices(), metrics.size(), plan.readingsPerSecond(), plan.messagesPerSecond(),
                plan.deviceIntervalNanos() / 1e6, format.name(), cfg.topicPrefix(), cfg.mqttUrl(), cfg.qos(),
                cfg.connections(), cfg.seed(), cfg.mqttVersion() == 3 ? "3.1.1" : "5",
                cfg.connectionDrops() > 0 ? String.format(Locale.ROOT, ", %.2f connection drops per connection"
                        + " per minute", cfg.connectionDrops()) : ""));
        simulator.startPacers(format, metrics);
        return simulator;
    }

    private void startPacers(PayloadFormat format, MetricSet metrics) {
        DeviceModel[] devices = new DeviceModel[config.devices()];
        DeviceEncoder[] encoders = new DeviceEncoder[config.devices()];
        FaultInjector[] injectors = config.faults().isNone() ? null : new FaultInjector[config.devices()];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = DeviceModel.create(config.deviceId(i), i, config.seed(), metrics);
            encoders[i] = format.encoder(config.topicPrefix(), i, devices[i].deviceId());
            if (injectors != null) {
                injectors[i] = new FaultInjector(config.faults(), config.seed(), i);
            }
        }
        long maxMessages = config.count() > 0 ? plan.messagesFor(config.count()) : Pacer.UNLIMITED;
        startNanos = System.nanoTime();
        long end = config.duration() == null ? Pacer.UNLIMITED : startNanos + config.duration().toNanos();
        // a publish waiting for a full window (broker not acknowledging) gives up at the end of the run too
        BooleanSupplier giveUp = () -> stopRequested || (end != Pacer.UNLIMITED && System.nanoTime() - end >= 0);
        int shards = publishers.size();
        runningPacers.set(shards);
        for (int s = 0; s < shards; s++) {
            Publisher publisher = publishers.get(s);
            DropSchedule drops = config.connectionDrops() == 0 ? null : new DropSchedule(config.connectionDrops(),
                    plan.messagesPerSecond() / shards, config.seed(), s);
            Pacer.TickHandler handler = (device, tick) -> {
                Sample sample = devices[device].next(System.currentTimeMillis());
                if (injectors == null) {
                    for (Encoded message : encoders[device].encode(sample)) {
                        publisher.publish(message.topic(), Outgoing.of(message), giveUp);
                    }
                } else {
                    for (Outgoing message : injectors[device].apply(sample, encoders[device])) {
                        message.faults().forEach(faultCounts::increment);
                        publisher.publish(message.topic(), message, giveUp);
                    }
                }
                if (drops != null && drops.dropAfterTick()) {
                    drop(publisher);
                }
            };
            Pacer pacer = new Pacer(plan, plan.devicesOfShard(s, shards), startNanos, end, maxMessages,
                    MAX_LAG_NANOS, Ticker.system(), () -> stopRequested, handler);
            Thread thread = new Thread(() -> runPacer(pacer), "device-simulator-pacer-" + s);
            thread.setDaemon(true);
            pacers.add(pacer);
            pacerThreads.add(thread);
        }
        pacerThreads.forEach(Thread::start);
    }

    /** Cuts a connection as scheduled, unless it is down already (still reconnecting from the last drop). */
    private void drop(Publisher publisher) {
        long at = System.nanoTime();
        if (publisher.dropConnection()) {
            connectionDrops.incrementAndGet();
            if (recorder != null) {
                recorder.recordEvent("CONNECTION_DROP", publisher.clientId(), at);
            }
            LOG.debug("{}: connection dropped (injected)", publisher.clientId());
        } else {
            dropsSkipped.incrementAndGet();
        }
    }

    private void runPacer(Pacer pacer) {
        try {
            pacer.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed; its devices stop publishing", Thread.currentThread().getName(), e);
        } finally {
            if (runningPacers.decrementAndGet() == 0) {
                finishRun();
            }
        }
    }

    /** Called by the last pacer to end: waits for unsettled publishes, then marks the run finished. */
    private void finishRun() {
        long drainStart = System.nanoTime();
        try {
            long deadline = drainStart + config.drainTimeout().toNanos();
            for (Publisher publisher : publishers) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!publisher.awaitSettled(left)) {
                    LOG.warn("{} messages still unconfirmed {} ms after the last publish; they count as errors when"
                            + " the simulator stops", publisher.inFlight(), config.drainTimeout().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endNanos = System.nanoTime();
            LOG.debug("pacers done after {} ms, publishes settled {} ms later", (drainStart - startNanos) / 1_000_000,
                    (endNanos - drainStart) / 1_000_000);
            finished.countDown();
        }
    }

    /** Messages, readings and errors so far, and the elapsed time (frozen once the run is over). */
    public Summary summary() {
        long end = finished.getCount() == 0 ? endNanos : System.nanoTime();
        return new Summary(stats.deliveredMessages(), stats.deliveredReadings(), stats.errors(),
                Duration.ofNanos(Math.max(0, end - startNanos)));
    }

    /** Faults injected so far, by kind (messages handed to the publisher, delivered or not). */
    public Map<Fault, Long> faultsInjected() {
        return faultCounts.snapshot();
    }

    /** Messages published but not yet settled, over all connections. */
    public long inFlight() {
        return publishers.stream().mapToLong(Publisher::inFlight).sum();
    }

    /** Connections cut so far by {@code --connection-drops} (not counting real losses). */
    public long connectionDrops() {
        return connectionDrops.get();
    }

    /** Scheduled drops skipped because the connection was still down from an earlier one. */
    public long connectionDropsSkipped() {
        return dropsSkipped.get();
    }

    /** Reconnects after a connection loss, injected or real, over all connections. */
    public long reconnects() {
        return publishers.stream().mapToLong(Publisher::reconnects).sum();
    }

    /** How often a pacer fell more than a second behind schedule and skipped the missed time. */
    public long lagResets() {
        return pacers.stream().mapToLong(Pacer::lagResets).sum();
    }

    public SimulatorConfig config() {
        return config;
    }

    public RatePlan plan() {
        return plan;
    }

    /**
     * Waits until the run is over: its duration or count was reached (or {@link #stop()} was
     * called) and published messages are settled or the drain timeout passed. A run with neither
     * duration nor count is over only when stopped.
     */
    public void awaitCompletion() throws InterruptedException {
        finished.await();
    }

    /** {@link #awaitCompletion()} for at most {@code timeout}; true when the run is over. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops ticking, waits up to the drain timeout for unsettled publishes, disconnects and
     * flushes the recording. Idempotent and thread-safe: later calls wait for the first to finish.
     *
     * @throws SimulatorException when the recording could not be written completely
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        try {
            stopRequested = true;
            pacerThreads.forEach(LockSupport::unpark);
            try {
                finished.await(config.drainTimeout().plusSeconds(2).toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep the flag and still release the connections
            }
            publishers.forEach(p -> p.close(Connections.CLOSE_TIMEOUT));
            if (recorder != null) {
                recorder.close();
            }
        } catch (RuntimeException e) {
            closeFailure = new SimulatorException(e.getMessage(), e);
        } finally {
            if (finished.getCount() > 0) {
                endNanos = System.nanoTime();
                finished.countDown();
            }
            closed.countDown();
        }
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    private void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
