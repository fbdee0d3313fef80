package dev.telemetry.simulator.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telemetry.model.Json;
import dev.telemetry.simulator.device.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One flat JSON object per message, metrics as top-level numeric fields:
 * <pre>{"deviceId":"sim-00001","ts":1718000000000,"seq":0,"temperature":21.53,"humidity":45.2,"pressure":101325.0}</pre>
 * {@code ts} is epoch milliseconds, {@code seq} the device's counter from 0. Units are implied by the
 * metric names (Cel, %RH, Pa), as is common for this style of payload.
 */
public final class JsonFormat extends PackFormat {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    @Override
    public String name() {
        return "json";
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public boolean isJson() {
        return true;
    }

    @Override
    protected String statedUnit(Sample.Measurement m) {
        return null;
    }

    @Override
    public byte[] encode(Sample sample) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("deviceId", sample.deviceId());
            gen.writeNumberField("ts", sample.timestamp());
            gen.writeNumberField("seq", sample.seq());
            for (Sample.Measurement m : sample.values()) {
                gen.writeNumberField(m.metric(), m.value());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; this would be a bug
            throw new UncheckedIOException("cannot encode sample of " + sample.deviceId(), e);
        }
        return out.toByteArray();
    }
}
