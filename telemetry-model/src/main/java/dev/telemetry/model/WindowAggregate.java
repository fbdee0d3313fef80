package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Statistics of one numeric metric of one device over one tumbling event-time window
 * {@code [windowStart, windowEnd)}, as published to {@link Topics#AGGREGATES_1M} (final results only, once
 * the window has closed) and answered by the query API (open windows too).
 *
 * @param deviceId    the device
 * @param metric      the metric
 * @param unit        the unit of the window's last reading, or null
 * @param windowStart inclusive start, epoch ms
 * @param windowEnd   exclusive end, epoch ms
 * @param count       readings in the window (at least 1)
 * @param min         smallest value
 * @param max         largest value
 * @param sum         sum of the values
 * @param mean        arithmetic mean (Welford's running mean)
 * @param stdDev      population standard deviation (Welford), 0 for a single reading
 * @param first       the value with the smallest eventTime (ties: lower seq, then first arrival)
 * @param firstTime   its eventTime
 * @param last        the value with the greatest eventTime (ties: higher seq, then first arrival)
 * @param lastTime    its eventTime
 * @param closed      true once the window is final (stream time passed windowEnd + grace); always true on
 *                    the aggregates topic
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowAggregate(
        String deviceId,
        String metric,
        String unit,
        long windowStart,
        long windowEnd,
        long count,
        double min,
        double max,
        double sum,
        double mean,
        double stdDev,
        double first,
        long firstTime,
        double last,
        long lastTime,
        boolean closed) {
}
