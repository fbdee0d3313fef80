package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Json;
import dev.telemetry.processor.query.Readiness;
import dev.telemetry.processor.query.ReadinessCheck;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Probes and metrics: {@code /health/live}, {@code /health/ready}, {@code /metrics}. */
final class OpsResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ReadinessCheck readiness;
    private final PrometheusMeterRegistry registry;

    OpsResource(ReadinessCheck readiness, PrometheusMeterRegistry registry) {
        this.readiness = readiness;
        this.registry = registry;
    }

    /** The process is up and serving HTTP; says nothing about Kafka (a restart would not fix Kafka). */
    void live(Context ctx) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("status", "UP");
        ctx.status(200).contentType(Responses.JSON).result(body.toString());
    }

    /** 200 when queries can be answered, else 503 saying why. */
    void ready(Context ctx) {
        Readiness r = readiness.check();
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("status", r.ready() ? "UP" : "DOWN");
        body.put("streamsState", r.streamsState());
        if (r.reason() != null) {
            body.put("reason", r.reason());
        }
        ctx.status(r.ready() ? 200 : 503).contentType(Responses.JSON).result(body.toString());
    }

    void metrics(Context ctx) {
        ctx.status(200).contentType(PROMETHEUS_TEXT).result(registry.scrape());
    }
}
