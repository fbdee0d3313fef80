package dev.telemetry.simulator.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telemetry.simulator.fault.Outgoing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * One dataset row as a message in the simulator's {@code json} format:
 * {@code {"deviceId":"...","ts":<epoch ms>,"<metric>":<value>,...}} to {@code <prefix>/<deviceId>}.
 * Numbers keep the digits the file had (no double round trip).
 */
public record DatasetReading(String deviceId, long eventTimeMillis, List<Value> values) {

    private static final JsonFactory JSON = new JsonFactory();

    /** A metric value: a {@link BigDecimal} or other number, a boolean or a string. */
    public record Value(String metric, Object value) {
    }

    public DatasetReading {
        values = List.copyOf(values);
    }

    /** As a replay item on {@code topicPrefix}. */
    public ReplayItem asItem(String topicPrefix) {
        String topic = topicPrefix + "/" + deviceId;
        return new ReplayItem() {
            @Override
            public double sourceMillis() {
                return eventTimeMillis;
            }

            @Override
            public String topic() {
                return topic;
            }

            @Override
            public Outgoing toOutgoing(Long eventTime) {
                byte[] payload = payload(eventTime == null ? eventTimeMillis : eventTime);
                return new Outgoing(topic, payload, null, true, values.size(), List.of(), List.of(), null, null);
            }
        };
    }

    /** The JSON payload with the given event time. */
    public byte[] payload(long ts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 24 * values.size());
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("deviceId", deviceId);
            gen.writeNumberField("ts", ts);
            for (Value v : values) {
                gen.writeFieldName(v.metric());
                if (v.value() instanceof BigDecimal d) {
                    gen.writeNumber(d);
                } else if (v.value() instanceof Number n) {
                    gen.writeNumber(n.toString());
                } else if (v.value() instanceof Boolean b) {
                    gen.writeBoolean(b);
                } else {
                    gen.writeString(v.value().toString());
                }
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a reading of " + deviceId, e);
        }
        return out.toByteArray();
    }
}
