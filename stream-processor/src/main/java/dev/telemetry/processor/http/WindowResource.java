package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.processor.query.WindowLookup;
import dev.telemetry.processor.query.WindowQueries;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /api/v1/devices/{id}/metrics/{metric}/windows?from=&to=}: the windows (open and closed) of one
 * metric whose start lies in {@code [from, to]}; {@code from} and {@code to} are epoch milliseconds or
 * ISO-8601 instants, both optional (defaults: everything retained); {@code allowStale=true} accepts a standby's
 * answer. Answered here, forwarded to the owner, or 503. Maps query answers to HTTP, nothing else.
 */
final class WindowResource {

    private final WindowQueries queries;
    private final Forwarding forwarding;

    WindowResource(WindowQueries queries, Forwarding forwarding) {
        this.queries = queries;
        this.forwarding = forwarding;
    }

    void get(Context ctx) throws Exception {
        QueryParams.only(ctx, "from", "to", "allowStale");
        String id = ctx.pathParam("id");
        String metric = ctx.pathParam("metric");
        if (!Reading.isValidName(id)) {
            throw ApiException.badRequest("device id must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        if (!Reading.isValidName(metric)) {
            throw ApiException.badRequest("metric must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        long from = time("from", ctx.queryParam("from"), 0);
        long to = time("to", ctx.queryParam("to"), Long.MAX_VALUE);
        if (from > to) {
            throw ApiException.badRequest("from must not be after to");
        }
        WindowLookup lookup = queries.windows(id, metric, from, to, QueryParams.allowStale(ctx));
        if (lookup instanceof WindowLookup.Found found) {
            if (found.stale()) {
                ctx.header(Forwarding.STALE, "true");
            }
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("deviceId", id);
            body.put("metric", metric);
            body.set("windows", Json.mapper().valueToTree(found.windows()));
            Responses.json(ctx, 200, body);
        } else if (lookup instanceof WindowLookup.Unavailable unavailable) {
            Responses.unavailable(ctx, "windows are not available right now: " + unavailable.reason());
        } else {
            WindowLookup.Remote remote = (WindowLookup.Remote) lookup;
            forwarding.forward(ctx, remote.host(), remote.port(), "device '" + id + "'");
        }
    }

    private static long time(String name, String raw, long absent) {
        if (raw == null || raw.isEmpty()) {
            return absent;
        }
        try {
            long ms = Long.parseLong(raw);
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(raw).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException notInstant) {
                // answered below
            }
        }
        throw ApiException.badRequest(name + " must be epoch milliseconds (>= 0) or an ISO-8601 instant, got '"
                + raw + "'");
    }
}
