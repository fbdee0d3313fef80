package dev.telemetry.processor.query;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.DeviceStatus;
import java.util.function.Predicate;

/**
 * Which devices a listing shows: {@code status} and {@code metric} may each be null (no condition).
 *
 * @param status only devices with this status
 * @param metric only devices that have a value for this metric
 */
public record DeviceFilter(DeviceStatus status, String metric) implements Predicate<DeviceState> {

    public static final DeviceFilter ALL = new DeviceFilter(null, null);

    @Override
    public boolean test(DeviceState state) {
        return (status == null || state.status() == status)
                && (metric == null || state.metrics().containsKey(metric));
    }
}
