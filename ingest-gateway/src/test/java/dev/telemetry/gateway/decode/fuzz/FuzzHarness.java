package dev.telemetry.gateway.decode.fuzz;

import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.publish.DeadLetters;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Reading;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Runs one untrusted message through a {@link PayloadRouter} and checks the properties every input
 * must have, whatever its bytes:
 * <ol>
 *   <li>nothing escapes: {@code decode} returns a result, it never throws;</li>
 *   <li>a rejection has a reason: a {@link DecodeException.Code} other than {@code INTERNAL_ERROR}
 *       and a message, and its DLQ record carries both as headers;</li>
 *   <li>a success holds only valid readings, at most {@code maxReadings} of them;</li>
 *   <li>time is bounded: at most {@link #TIME_BOUND_NANOS} per input, and a decode still running after
 *       {@link #HANG_MILLIS} is reported as a hang (it runs on a worker thread, so the harness survives);</li>
 *   <li>allocation is bounded: at most {@link #ALLOC_PER_BYTE} bytes per payload byte, plus
 *       {@link #ALLOC_PER_READING} per reading decoded, plus {@link #ALLOC_SLACK}, measured with the worker
 *       thread's allocation counter. The per-reading part exists because compact formats expand: a
 *       Sparkplug B metric sent by alias is a few bytes and becomes a reading of a few hundred (its device
 *       id, metric name, unit and source strings); what keeps that bounded is the readings-per-message limit,
 *       which the third property checks, so a message costs at most about {@code 64 x payload + 1 KiB x
 *       max readings + 1 MiB}. A rejected input decodes no readings and gets no such allowance.</li>
 * </ol>
 * A broken property is a {@link FuzzFinding} carrying the payload in base64, so it can become a
 * regression test. Not thread-safe: one harness per test.
 */
public final class FuzzHarness implements AutoCloseable {

    /** Per-input wall-clock bound (generous: the machine is shared and Jazzer instruments the code). */
    public static final long TIME_BOUND_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A decode still running after this long is a hang. */
    public static final long HANG_MILLIS = 10_000;
    public static final long ALLOC_PER_BYTE = 64;
    public static final long ALLOC_PER_READING = 1 << 10;
    public static final long ALLOC_SLACK = 1 << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final PayloadRouter router;
    private final int maxReadings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-decode");
        t.setDaemon(true); // a hung decode must not keep the JVM alive
        return t;
    });
    private long inputs;
    private long failures;
    private long maxAllocated;
    private long maxNanos;
    private byte[] slowest = new byte[0];

    public FuzzHarness(PayloadRouter router, int maxReadings) {
        this.router = router;
        this.maxReadings = maxReadings;
        if (!THREADS.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread allocation");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    /** What one decode did. */
    public record Run(DecodeResult result, long nanos, long allocatedBytes) {
    }

    /** Decodes one message and checks every property; throws {@link FuzzFinding} when one breaks. */
    public DecodeResult check(String topic, String contentType, byte[] payload) {
        Run run = measure(topic, contentType, payload);
        if (overBudget(run, payload)) {
            // once more: class loading, JIT and lazy initialisation on a first path are charged to the
            // input that reaches it; the bounds are about what every decode of this input costs
            run = measure(topic, contentType, payload);
        }
        inputs++;
        if (run.nanos() > maxNanos) {
            maxNanos = run.nanos();
            slowest = payload;
        }
        maxAllocated = Math.max(maxAllocated, run.allocatedBytes());
        verify(run, topic, payload);
        return run.result();
    }

    private boolean overBudget(Run run, byte[] payload) {
        return run.nanos() > TIME_BOUND_NANOS || run.allocatedBytes() > allowedAllocation(run, payload);
    }

    /** The allocation bound of one input: see the class documentation. */
    static long allowedAllocation(Run run, byte[] payload) {
        long readings = run.result() instanceof DecodeResult.Success ok ? ok.readings().size() : 0;
        return ALLOC_PER_BYTE * payload.length + ALLOC_PER_READING * readings + ALLOC_SLACK;
    }

    private Run measure(String topic, String contentType, byte[] payload) {
        Future<Object> f = worker.submit(() -> {
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            try {
                DecodeResult r = router.decode(topic, contentType, payload, 1_700_000_000_000L);
                long nanos = System.nanoTime() - t0;
                return new Run(r, nanos, THREADS.getCurrentThreadAllocatedBytes() - a0);
            } catch (Throwable e) {
                return e; // an escaped exception is a finding, reported below with the payload
            }
        });
        Object outcome;
        try {
            outcome = f.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new FuzzFinding("hang: decode still running after " + HANG_MILLIS + " ms", topic, payload, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing", e);
        } catch (ExecutionException e) {
            throw new FuzzFinding("harness failure", topic, payload, e.getCause());
        }
        if (outcome instanceof Throwable t) {
            throw new FuzzFinding("exception escaped the router: " + t, topic, payload, t);
        }
        return (Run) outcome;
    }

    private void verify(Run run, String topic, byte[] payload) {
        DecodeResult r = run.result();
        if (r == null) {
            throw new FuzzFinding("decode returned null", topic, payload, null);
        }
        if (r instanceof DecodeResult.Failure failure) {
            failures++;
            DecodeException e = failure.error();
            if (e.code() == null || e.code() == DecodeException.Code.INTERNAL_ERROR) {
                throw new FuzzFinding("rejection without a specific reason: " + e, topic, payload, e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new FuzzFinding("rejection " + e.code() + " without a message", topic, payload, e);
            }
            ProducerRecord<String, byte[]> dlq = DeadLetters.record(topic, payload, e, failure.format(), "gw-fuzz",
                    1L, router.maxPayloadBytes());
            if (!e.code().name().equals(header(dlq, DlqHeaders.ERROR_CODE))
                    || header(dlq, DlqHeaders.ERROR_MESSAGE).isBlank()) {
                throw new FuzzFinding("DLQ record lacks the reason headers: " + e, topic, payload, e);
            }
            if (!dlq.key().equals(topic) && !Reading.isValidName(dlq.key())) {
                throw new FuzzFinding("DLQ key is neither the topic nor a valid device id: " + dlq.key(), topic,
                        payload, e);
            }
        } else if (r instanceof DecodeResult.Success ok && ok.readings().size() > maxReadings) {
            throw new FuzzFinding(ok.readings().size() + " readings from one message, more than " + maxReadings,
                    topic, payload, null);
        }
        if (run.nanos() > TIME_BOUND_NANOS) {
            throw new FuzzFinding("slow: " + run.nanos() / 1_000_000 + " ms for one input", topic, payload, null);
        }
        long allowed = allowedAllocation(run, payload);
        if (run.allocatedBytes() > allowed) {
            throw new FuzzFinding("allocated " + run.allocatedBytes() + " bytes for a " + payload.length
                    + "-byte payload, more than " + allowed, topic, payload, null);
        }
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    public long inputs() {
        return inputs;
    }

    public long failures() {
        return failures;
    }

    public long maxAllocatedBytes() {
        return maxAllocated;
    }

    /** The input that took longest, for the run's report. */
    public byte[] slowest() {
        return slowest;
    }

    public long maxNanos() {
        return maxNanos;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** A broken property, with the input that broke it. */
    public static final class FuzzFinding extends AssertionError {

        private static final long serialVersionUID = 1L;

        FuzzFinding(String what, String topic, byte[] payload, Throwable cause) {
            super(what + "\n  topic: " + topic + "\n  payload (" + payload.length + " bytes, base64): "
                    + excerpt(payload), cause);
        }

        private static String excerpt(byte[] payload) {
            String b64 = Base64.getEncoder().encodeToString(payload);
            return b64.length() > 4000 ? b64.substring(0, 4000) + "..." : b64;
        }
    }
}
