package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The current value of one metric of one device: the reading with the greatest eventTime seen so
 * far (ties: higher seq, then first arrival).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricState(
        ReadingValue value,
        String unit,
        long eventTime,
        TimeSource timeSource,
        Long seq,
        long receivedAt) {

    public MetricState {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timeSource, "timeSource");
    }

    public static MetricState of(Reading r) {
        return new MetricState(r.value(), r.unit(), r.eventTime(), r.timeSource(), r.seq(), r.receivedAt());
    }
}
