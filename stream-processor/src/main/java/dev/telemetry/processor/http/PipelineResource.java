package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Json;
import dev.telemetry.processor.query.Readiness;
import dev.telemetry.processor.query.ReadinessCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.javalin.http.Context;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/pipeline}: this instance's health and pipeline figures in one small JSON object, for the
 * dashboard's summary (Prometheus should scrape {@code /metrics} instead). Always 200; {@code status} says
 * whether queries can be answered. Figures come from the meters registered by the processor's
 * {@code PipelineMetrics}; a meter that is not registered (an HTTP server without a pipeline) is {@code null}.
 *
 * <pre>
 * {"status":"UP","streamsState":"RUNNING",
 *  "readings":{"accepted":1200,"duplicate":0,"late":3,"outOfOrder":5,"sequenceGaps":0,"tooLateForWindow":0},
 *  "devicesWentOffline":2,"windowsClosed":40,"reorderBuffer":7,
 *  "latencyMs":{"gatewayToState":{"count":1200,"p50":12.5,"p90":30.1,"p99":88.0}}}
 * </pre>
 *
 * Counters are totals since this instance started; latency percentiles cover the last minute or two.
 */
final class PipelineResource {

    // names as registered by dev.telemetry.processor.app.PipelineMetrics
    private static final String READINGS = "telemetry.processor.readings";
    private static final String LATENCY = "telemetry.processor.latency";

    private final ReadinessCheck readiness;
    private final MeterRegistry registry;

    PipelineResource(ReadinessCheck readiness, MeterRegistry registry) {
        this.readiness = readiness;
        this.registry = registry;
    }

    void get(Context ctx) {
        QueryParams.only(ctx);
        Readiness r = readiness.check();
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("status", r.ready() ? "UP" : "DOWN");
        body.put("streamsState", r.streamsState());
        if (r.reason() != null) {
            body.put("reason", r.reason());
        }
        ObjectNode readings = body.putObject("readings");
        put(readings, "accepted", counter(READINGS, "outcome", "accepted"));
        put(readings, "duplicate", counter(READINGS, "outcome", "duplicate"));
        put(readings, "late", counter("telemetry.processor.late.readings"));
        put(readings, "outOfOrder", counter("telemetry.processor.out.of.order.readings"));
        put(readings, "sequenceGaps", counter("telemetry.processor.sequence.gaps"));
        put(readings, "tooLateForWindow", counter("telemetry.processor.too.late.for.window"));
        put(body, "devicesWentOffline", counter("telemetry.processor.devices.offline"));
        put(body, "windowsClosed", counter("telemetry.processor.windows.closed"));
        Gauge buffer = registry.find("telemetry.processor.reorder.buffer.readings").gauge();
        put(body, "reorderBuffer", buffer == null ? null : buffer.value());
        ObjectNode latency = body.putObject("latencyMs");
        latency(latency, "gatewayToState", registry.find(LATENCY).tag("stage", "gateway_to_state").timer());
        latency(latency, "deviceToState", registry.find(LATENCY).tag("stage", "device_to_state").timer());
        ctx.status(200).contentType(Responses.JSON).result(body.toString());
    }

    private Double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? null : c.count();
    }

    private static void put(ObjectNode node, String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value));
        }
    }

    private static void latency(ObjectNode parent, String field, Timer timer) {
        if (timer == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode node = parent.putObject(field);
        node.put("count", timer.count());
        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            double ms = p.value(TimeUnit.MILLISECONDS);
            String name = "p" + Math.round(p.percentile() * 100);
            if (Double.isFinite(ms)) {
                node.put(name, Math.round(ms * 10) / 10.0);
            } else {
                node.putNull(name);
            }
        }
    }
}
