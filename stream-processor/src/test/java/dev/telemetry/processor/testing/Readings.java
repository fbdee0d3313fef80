package dev.telemetry.processor.testing;

import dev.telemetry.model.DeviceCounters;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import dev.telemetry.model.MetricState;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.util.Map;

/** Test fixtures: readings and states with only the fields a test cares about. */
public final class Readings {

    public static final Source SOURCE = new Source("sensors/test", "json", "gateway-test");

    private Readings() {
    }

    public static Reading reading(String device, String metric, double value, long eventTime) {
        return reading(device, metric, ReadingValue.of(value), eventTime, null, eventTime + 5);
    }

    /** A device-timestamped numeric reading with a seq, received 5 ms after it was measured. */
    public static Reading reading(String device, String metric, double value, long eventTime, long seq) {
        return reading(device, metric, ReadingValue.of(value), eventTime, seq, eventTime + 5);
    }

    public static Reading reading(String device, String metric, ReadingValue value, long eventTime, Long seq,
            long receivedAt) {
        return new Reading(device, metric, value, "Cel", eventTime, TimeSource.DEVICE, seq, receivedAt, SOURCE);
    }

    /** A reading whose payload had no time: the gateway's receipt time is its eventTime. */
    public static Reading gatewayReading(String device, String metric, double value, long receivedAt) {
        return new Reading(device, metric, ReadingValue.of(value), "Cel", receivedAt, TimeSource.GATEWAY, null,
                receivedAt, SOURCE);
    }

    /** A state with one metric, as a query would return it. */
    public static DeviceState state(String device, double temperature, long time) {
        Reading r = reading(device, "temperature", temperature, time);
        return new DeviceState(device, Map.of("temperature", MetricState.of(r)), time, time + 5, DeviceStatus.ONLINE,
                new DeviceCounters(1, 0, 0, 0, 0));
    }
}
