package dev.telemetry.processor.anomaly;

import dev.telemetry.model.Anomaly;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns one series' transitions into {@link Anomaly} records, schema v1, and hands them to a sink (the topology
 * forwards them to {@code telemetry.anomalies} and keeps the active-alerts view).
 *
 * <p>An episode's id is a name-based UUID of (device, source, metric, episode number, raise time): the same
 * input yields the same id, so a replay after a crash (at-least-once) repeats an alert under its old id, and
 * consumers can drop the repetition. The RESOLVED repeats its RAISED's id, kind, severity, threshold and
 * rule.
 */
final class AlertWriter implements Series.Episodes {

    private final SeriesKey key;
    private final Describer describer;
    private final long detectedAt;
    private final String endReason;
    private final Consumer<Anomaly> sink;

    /**
     * @param detectedAt the processor's wall-clock time now
     * @param endReason  message of a RESOLVED that ends an episode early (rule deleted...), or null
     */
    AlertWriter(SeriesKey key, Describer describer, long detectedAt, String endReason, Consumer<Anomaly> sink) {
        this.key = key;
        this.describer = describer;
        this.detectedAt = detectedAt;
        this.endReason = endReason;
        this.sink = sink;
    }

    @Override
    public void raised(Series s, long time) {
        Anomaly a = new Anomaly(Anomaly.SCHEMA_VERSION, id(key, s.episodes, time), key.deviceId(), key.alertMetric(),
                describer.kind(), describer.severity(), Anomaly.State.RAISED, time, detectedAt, describer.value(s),
                describer.threshold(s), describer.ruleId(), describer.raised(s));
        s.open = a;
        sink.accept(a);
    }

    @Override
    public void resolved(Series s, long time) {
        Anomaly open = s.open;
        if (open == null) {
            return; // an episode is only ever resolved after it was raised; nothing to say otherwise
        }
        sink.accept(new Anomaly(Anomaly.SCHEMA_VERSION, open.id(), open.deviceId(), open.metric(), open.kind(),
                open.severity(), Anomaly.State.RESOLVED, Math.max(time, open.eventTime()), detectedAt,
                describer.value(s), open.threshold(), open.ruleId(),
                endReason != null ? endReason : describer.resolved(s)));
    }

    /** The id of the {@code episode}-th episode of {@code key}, raised at event time {@code raisedAt}. */
    static String id(SeriesKey key, long episode, long raisedAt) {
        String name = "anomaly/v1\u0000" + key.encode() + '\u0000' + episode + '\u0000' + raisedAt;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
