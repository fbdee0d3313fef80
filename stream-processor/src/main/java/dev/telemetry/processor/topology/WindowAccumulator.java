package dev.telemetry.processor.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.telemetry.model.WindowAggregate;

/**
 * The running statistics of one window of one (device, metric), as kept in
 * {@link StateTopology#WINDOW_STORE}. Pure; count, min, max and sum are exact, mean and the population
 * standard deviation use Welford's online algorithm ({@code m2} is the sum of squared deviations from the
 * mean), which does not lose precision the way sum-of-squares does.
 *
 * <p>first and last follow the state's rule: by eventTime, ties to the higher seq for last and the lower seq
 * for first, a missing seq losing to any seq, then the earlier arrival.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WindowAccumulator(
        String unit,
        long count,
        double min,
        double max,
        double sum,
        double mean,
        double m2,
        double first,
        long firstTime,
        Long firstSeq,
        double last,
        long lastTime,
        Long lastSeq,
        boolean closed) {

    /** A window holding one value. */
    public static WindowAccumulator of(double value, long time, Long seq, String unit) {
        return new WindowAccumulator(unit, 1, value, value, value, value, 0.0, value, time, seq, value, time, seq,
                false);
    }

    /** This window plus one value. */
    public WindowAccumulator add(double value, long time, Long seq, String valueUnit) {
        long n = count + 1;
        double delta = value - mean;
        double newMean = mean + delta / n;
        double newM2 = m2 + delta * (value - newMean);
        boolean newFirst = time < firstTime || (time == firstTime && seq != null && (firstSeq == null || seq < firstSeq));
        boolean newLast = time > lastTime || (time == lastTime && seq != null && (lastSeq == null || seq > lastSeq));
        return new WindowAccumulator(
                newLast ? valueUnit : unit,
                n,
                Math.min(min, value),
                Math.max(max, value),
                sum + value,
                newMean,
                newM2,
                newFirst ? value : first,
                newFirst ? time : firstTime,
                newFirst ? seq : firstSeq,
                newLast ? value : last,
                newLast ? time : lastTime,
                newLast ? seq : lastSeq,
                closed);
    }

    /** This window, final. */
    public WindowAccumulator close() {
        return new WindowAccumulator(unit, count, min, max, sum, mean, m2, first, firstTime, firstSeq, last, lastTime,
                lastSeq, true);
    }

    /** Population standard deviation. */
    public double stdDev() {
        return Math.sqrt(Math.max(0.0, m2) / count);
    }

    public WindowAggregate toAggregate(String deviceId, String metric, long windowStart, long windowEnd) {
        return new WindowAggregate(deviceId, metric, unit, windowStart, windowEnd, count, min, max, sum, mean,
                stdDev(), first, firstTime, last, lastTime, closed);
    }
}
