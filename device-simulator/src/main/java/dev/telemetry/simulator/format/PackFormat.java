package dev.telemetry.simulator.format;

import dev.telemetry.simulator.device.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * A format that sends one message per tick with every metric in it, to {@code <prefix>/<deviceId>}
 * (json, senml-json, senml-cbor). Stateless.
 */
public abstract class PackFormat implements PayloadFormat {

    /** The payload of one tick. */
    public abstract byte[] encode(Sample sample);

    /** The unit the payload states for {@code m}, or null when the format carries none. */
    protected abstract String statedUnit(Sample.Measurement m);

    @Override
    public DeviceEncoder encoder(String topicPrefix, int deviceIndex, String deviceId) {
        String topic = topicPrefix + "/" + deviceId;
        return new DeviceEncoder() {
            @Override
            public PayloadFormat format() {
                return PackFormat.this;
            }

            @Override
            public List<Encoded> encode(Sample sample) {
                List<ExpectedReading> readings = new ArrayList<>(sample.values().size());
                for (Sample.Measurement m : sample.values()) {
                    readings.add(new ExpectedReading(sample.deviceId(), m.metric(), m.value(), statedUnit(m),
                            sample.timestamp()));
                }
                return List.of(new Encoded(topic, PackFormat.this.encode(sample), contentType(), isJson(), readings,
                        false));
            }
        };
    }
}
