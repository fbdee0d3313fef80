package dev.telemetry.simulator.format;

import dev.telemetry.simulator.device.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One message per metric, the bare value as text, to {@code <prefix>/<deviceId>/<metric>}:
 * {@code sensors/sim-00001/temperature} with payload {@code 21.53}. A plain payload carries neither
 * time nor unit nor sequence number: the gateway stamps its receipt time, so late and skewed
 * clocks cannot be expressed in this format. Values are written in Java's shortest round-trip
 * decimal form, so the gateway reads back exactly the simulated double. Stateless.
 */
public final class PlainFormat implements PayloadFormat {

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public String contentType() {
        return "text/plain";
    }

    @Override
    public boolean isJson() {
        return false;
    }

    @Override
    public DeviceEncoder encoder(String topicPrefix, int deviceIndex, String deviceId) {
        String base = topicPrefix + "/" + deviceId + "/";
        return new DeviceEncoder() {
            @Override
            public PayloadFormat format() {
                return PlainFormat.this;
            }

            @Override
            public List<Encoded> encode(Sample sample) {
                List<Encoded> out = new ArrayList<>(sample.values().size());
                for (Sample.Measurement m : sample.values()) {
                    byte[] payload = Double.toString(m.value()).getBytes(StandardCharsets.US_ASCII);
                    out.add(new Encoded(base + m.metric(), payload, contentType(), false,
                            List.of(new ExpectedReading(sample.deviceId(), m.metric(), m.value(), null, null)), false));
                }
                return out;
            }
        };
    }

    /**
     * Half of the value followed by a byte that never occurs in UTF-8: the gateway accepts any UTF-8
     * text as a plain value, so only invalid UTF-8 is certain to be rejected ({@code INVALID_VALUE}).
     */
    @Override
    public byte[] malform(byte[] payload) {
        byte[] out = Arrays.copyOf(payload, payload.length / 2 + 1);
        out[out.length - 1] = (byte) 0xFF;
        return out;
    }
}
