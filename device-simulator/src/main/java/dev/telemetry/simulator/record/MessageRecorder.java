package dev.telemetry.simulator.record;

import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.format.ExpectedReading;
import java.util.List;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every published message as one JSON line, so tests can compute expected results
 * independently of the pipeline:
 * <pre>{"topic":"sensors/sim-00001","payload":{"deviceId":"sim-00001","ts":...}}</pre>
 * A JSON payload is embedded as a JSON value; any other payload (including a deliberately malformed
 * one) as {@code "payloadBase64":"..."}. Injected faults are listed in {@code "faults"}, and a spiked
 * metric (a ground-truth anomaly) in {@code "spiked"}.
 * Thread-safe (writes are synchronized; callers are the few MQTT callback threads). A write
 * failure is logged once and makes {@link #close()} throw, so a run never silently produces a
 * partial recording.
 */
public final class MessageRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageRecorder.class);

    private final Path file;
    private final BufferedWriter writer;
    private final long startNanos = System.nanoTime();
    private long lines;
    private IOException failure;
    private boolean closed;

    private MessageRecorder(Path file, BufferedWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /** Creates (or truncates) {@code file}. */
    public static MessageRecorder open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new MessageRecorder(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create recording file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one message; {@code json} says whether the payload is a UTF-8 JSON document. */
    public void record(String topic, byte[] payload, boolean json) {
        record(topic, new Outgoing(payload, 0, json, List.of(), null));
    }

    /**
     * Appends one message with the faults injected into it, if any:
     * {@code "faults":["LATE","SPIKE"],"spiked":"temperature"}.
     */
    public void record(String topic, Outgoing message) {
        record(topic, message, -1, null, Long.MIN_VALUE);
    }

    /**
     * {@link #record(String, Outgoing)} with what a replay needs to publish it again as it was sent.
     *
     * @param qos         the message's QoS, or -1 to leave it out
     * @param contentType its MQTT 5 content type, or null
     * @param sentNanos   when it was handed to the MQTT client ({@link System#nanoTime()}), or
     *                    {@link Long#MIN_VALUE} to leave the time out
     */
    public synchronized void record(String topic, Outgoing message, int qos, String contentType, long sentNanos) {
        if (failure != null || closed) {
            return;
        }
        byte[] payload = message.payload();
        boolean json = message.json();
        try {
            writer.write("{\"topic\":\"");
            writer.write(JsonStringEncoder.getInstance().quoteAsString(topic));
            if (json) {
                writer.write("\",\"payload\":");
                writer.write(new String(payload, StandardCharsets.UTF_8));
            } else {
                writer.write("\",\"payloadBase64\":\"");
                writer.write(Base64.getEncoder().encodeToString(payload));
                writer.write('"');
            }
            if (qos >= 0) {
                writer.write(",\"qos\":");
                writer.write(Integer.toString(qos));
            }
            if (contentType != null) {
                writer.write(",\"contentType\":\"");
                writer.write(JsonStringEncoder.getInstance().quoteAsString(contentType));
                writer.write('"');
            }
            if (sentNanos != Long.MIN_VALUE) {
                writeTime(sentNanos);
            }
            writeReadings(message);
            if (!message.faults().isEmpty()) {
                writer.write(",\"faults\":[");
                for (int i = 0; i < message.faults().size(); i++) {
                    writer.write(i == 0 ? "\"" : ",\"");
                    writer.write(message.faults().get(i).name());
                    writer.write('"');
                }
                writer.write(']');
            }
            if (message.flat() != null) {
                writer.write(",\"flat\":\"");
                writer.write(JsonStringEncoder.getInstance().quoteAsString(message.flat()));
                writer.write('"');
            }
            if (message.spiked() != null) {
                writer.write(",\"spiked\":\"");
                writer.write(JsonStringEncoder.getInstance().quoteAsString(message.spiked()));
                writer.write('"');
            }
            writer.write("}\n");
            lines++;
        } catch (IOException e) {
            failure = e;
            LOG.error("recording to {} failed after {} messages, no further messages are recorded: {}",
                    file, lines, e.toString());
        }
    }

    /**
     * Appends an event that is not a message, e.g. {@code CONNECTION_DROP} of connection {@code connection}
     * at {@code atNanos} ({@link System#nanoTime()}).
     */
    public synchronized void recordEvent(String event, String connection, long atNanos) {
        if (failure != null || closed) {
            return;
        }
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        try {
            writer.write("{\"event\":\"");
            writer.write(quote.quoteAsString(event));
            writer.write("\",\"connection\":\"");
            writer.write(quote.quoteAsString(connection));
            writer.write('"');
            writeTime(atNanos);
            writer.write("}\n");
            lines++;
        } catch (IOException e) {
            failure = e;
            LOG.error("recording to {} failed after {} lines, no further lines are recorded: {}",
                    file, lines, e.toString());
        }
    }

    /** {@code "t":12.345}: milliseconds since the recording was opened, to the microsecond. */
    private void writeTime(long nanos) throws IOException {
        long micros = Math.max(0, nanos - startNanos) / 1_000;
        writer.write(",\"t\":");
        writer.write(Long.toString(micros / 1_000));
        writer.write('.');
        String frac = Long.toString(micros % 1_000);
        writer.write("000", 0, 3 - frac.length());
        writer.write(frac);
    }

    /** {@code "readings":[{"deviceId":..,"metric":..,"value":..,"unit":..,"ts":..}]}: what the gateway will publish. */
    private void writeReadings(Outgoing message) throws IOException {
        if (message.expected().isEmpty()) {
            return;
        }
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        writer.write(",\"readings\":[");
        for (int i = 0; i < message.expected().size(); i++) {
            ExpectedReading r = message.expected().get(i);
            writer.write(i == 0 ? "{\"deviceId\":\"" : ",{\"deviceId\":\"");
            writer.write(quote.quoteAsString(r.deviceId()));
            writer.write("\",\"metric\":\"");
            writer.write(quote.quoteAsString(r.metric()));
            writer.write("\",\"value\":");
            writer.write(Double.toString(r.value()));
            if (r.unit() != null) {
                writer.write(",\"unit\":\"");
                writer.write(quote.quoteAsString(r.unit()));
                writer.write('"');
            }
            if (r.eventTime() != null) {
                writer.write(",\"ts\":");
                writer.write(Long.toString(r.eventTime()));
            }
            writer.write('}');
        }
        writer.write(']');
    }

    /** Lines written so far: messages and events. */
    public synchronized long lines() {
        return lines;
    }

    /** Flushes and closes; throws when any write failed. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("recording " + file + " is incomplete: " + failure.getMessage(), failure);
        }
    }
}
