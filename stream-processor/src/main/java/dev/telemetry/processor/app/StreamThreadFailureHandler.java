package dev.telemetry.processor.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies.
 *
 * <ul>
 *   <li>A transient cause (a {@link RetriableException} anywhere in the chain: timeouts, unavailable
 *       leaders) replaces the thread: the next one will likely succeed and the instance stays up.</li>
 *   <li>Anything else (a bug, a corrupt state directory, a full disk, an authorization error) shuts this
 *       client down: a new thread would fail the same way, in a loop. The instance goes to ERROR, its
 *       readiness goes DOWN, {@code ProcessorMain} exits with 1 and the orchestrator restarts it; its
 *       partitions move to healthy instances. Not SHUTDOWN_APPLICATION, which would stop every instance
 *       because of one machine's disk.</li>
 *   <li>Transient failures that keep coming ({@value #MAX_REPLACEMENTS} within {@link #WINDOW}) are treated
 *       as fatal, so a permanent problem that looks transient cannot loop forever.</li>
 * </ul>
 */
final class StreamThreadFailureHandler implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(StreamThreadFailureHandler.class);

    private final LongSupplier nanoClock;
    private final Deque<Long> replacements = new ArrayDeque<>();

    StreamThreadFailureHandler() {
        this(System::nanoTime);
    }

    StreamThreadFailureHandler(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (isTransient(exception)) {
            long now = nanoClock.getAsLong();
            while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
                replacements.removeFirst();
            }
            if (replacements.size() < MAX_REPLACEMENTS) {
                replacements.addLast(now);
                log.warn("a stream thread died of a transient error; replacing it ({} of {} replacements allowed"
                        + " per {})", replacements.size(), MAX_REPLACEMENTS, WINDOW, exception);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error("a stream thread died of a transient error for the {}th time within {}; treating it as"
                    + " fatal and shutting this instance down", MAX_REPLACEMENTS + 1, WINDOW, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.error("a stream thread died of a fatal error; shutting this instance down", exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** True when a {@link RetriableException} is the exception or one of its causes. */
    static boolean isTransient(Throwable exception) {
        Throwable t = exception;
        for (int depth = 0; t != null && depth < 32; depth++) {
            if (t instanceof RetriableException) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }
}
