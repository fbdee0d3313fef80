package dev.telemetry.processor.topology;

import dev.telemetry.model.Topics;
import java.util.Objects;

/**
 * What {@link StateTopology#build} needs to know: the topics it reads and writes. Tests and
 * side-by-side deployments use other names; production uses {@link #defaults()}.
 *
 * @param readingsTopic    input, one {@code Reading} per record, key = deviceId
 * @param deviceStateTopic output, compacted, one {@code DeviceState} per device
 */
public record TopologyConfig(String readingsTopic, String deviceStateTopic) {

    public TopologyConfig {
        requireTopic("readingsTopic", readingsTopic);
        requireTopic("deviceStateTopic", deviceStateTopic);
        if (readingsTopic.equals(deviceStateTopic)) {
            throw new IllegalArgumentException("readings and device-state topics must differ, both are '"
                    + readingsTopic + "'");
        }
    }

    /** {@link Topics#READINGS} in, {@link Topics#DEVICE_STATE} out. */
    public static TopologyConfig defaults() {
        return new TopologyConfig(Topics.READINGS, Topics.DEVICE_STATE);
    }

    private static void requireTopic(String field, String topic) {
        Objects.requireNonNull(topic, field);
        if (topic.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
