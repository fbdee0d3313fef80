package dev.telemetry.processor.app;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamThreadFailureHandlerTest {

    private final AtomicLong nanos = new AtomicLong();
    private final StreamThreadFailureHandler handler = new StreamThreadFailureHandler(nanos::get);

    @Test
    void shouldReplaceThreadOnTransientCause() {
        StreamsException wrapped = new StreamsException(new TimeoutException("broker slow"));

        assertThat(handler.handle(wrapped)).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void shouldShutDownClientOnFatalCause() {
        assertThat(handler.handle(new StreamsException(new IllegalStateException("bug")))).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void shouldShutDownWhenTransientFailuresKeepComing() {
        TimeoutException transientError = new TimeoutException("again");
        for (int i = 0; i < StreamThreadFailureHandler.MAX_REPLACEMENTS; i++) {
            assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
        }

        assertThat(handler.handle(transientError)).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetReplacementsOutsideTheWindow() {
        TimeoutException transientError = new TimeoutException("again");
        for (int i = 0; i < StreamThreadFailureHandler.MAX_REPLACEMENTS; i++) {
            handler.handle(transientError);
        }
        nanos.addAndGet(StreamThreadFailureHandler.WINDOW.toNanos() + 1);

        assertThat(handler.handle(transientError)).isEqualTo(REPLACE_THREAD);
    }
}
