package dev.telemetry.simulator.format;

import java.util.List;

/**
 * Every device uses one of the other formats, chosen by its index: device index {@code i} (0-based;
 * {@code sim-00001} is index 0) uses {@code FORMATS[i mod 5]}: json, senml-json, senml-cbor, plain,
 * sparkplug-b. The choice does not depend on the seed, so a fleet of 5 or more devices always
 * exercises all five formats, and the same device always uses the same format.
 */
public final class MixedFormat implements PayloadFormat {

    /** In the order devices are assigned to them. */
    public static final List<PayloadFormat> FORMATS = List.of(new JsonFormat(), SenmlFormat.json(),
            SenmlFormat.cbor(), new PlainFormat(), new SparkplugFormat());

    /** The format of the device at {@code deviceIndex}. */
    public static PayloadFormat formatOf(int deviceIndex) {
        return FORMATS.get(deviceIndex % FORMATS.size());
    }

    @Override
    public String name() {
        return "mixed";
    }

    /** None of its own: every message carries the content type of its device's format. */
    @Override
    public String contentType() {
        return null;
    }

    @Override
    public boolean isJson() {
        return false;
    }

    @Override
    public DeviceEncoder encoder(String topicPrefix, int deviceIndex, String deviceId) {
        return formatOf(deviceIndex).encoder(topicPrefix, deviceIndex, deviceId);
    }
}
