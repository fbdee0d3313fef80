package dev.telemetry.processor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Json;
import io.javalin.http.Context;

/** Writes JSON bodies with the pipeline's one Jackson configuration ({@link Json#mapper()}). */
final class Responses {

    static final String JSON = "application/json";
    /** Seconds a client should wait before asking again when the state is temporarily unavailable. */
    static final String RETRY_AFTER_SECONDS = "1";

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType(JSON).result(Json.mapper().writeValueAsBytes(body));
    }

    static void error(Context ctx, int status, String code, String message) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("error", code);
        body.put("message", message);
        // an ObjectNode always serializes, so this never throws
        ctx.status(status).contentType(JSON).result(body.toString());
    }

    /** 503 with Retry-After: the answer exists, just not right now. */
    static void unavailable(Context ctx, String message) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, "unavailable", message);
    }
}
