package dev.telemetry.processor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.processor.query.AlertLookup;
import dev.telemetry.processor.query.AlertPage;
import dev.telemetry.processor.query.AlertQueries;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.StoreUnavailableException;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /api/v1/anomalies?active=true&deviceId=&limit=}: the open alerts (the RAISED record of each open
 * episode), newest first. With {@code deviceId}: that device's, answered by its owner (forwarded there). Without:
 * the whole fleet's, merged from every instance like the device listing ({@code scope=local}: this instance's
 * part). {@code active} may only be {@code true} (the default): closed episodes are the anomalies topic's
 * history, not this view's. {@code limit} 1..1000, default 100; {@code truncated} says whether more are open.
 */
final class AnomalyResource {

    private final AlertQueries alerts;
    private final Forwarding forwarding;
    private final AlertListing fleet;

    AnomalyResource(AlertQueries alerts, DeviceQueries devices, Forwarding forwarding) {
        this.alerts = alerts;
        this.forwarding = forwarding;
        this.fleet = new AlertListing(alerts, devices, forwarding.peers());
    }

    void list(Context ctx) throws JsonProcessingException {
        QueryParams.only(ctx, "active", "deviceId", "limit", "scope", "allowStale");
        String active = ctx.queryParam("active");
        if (active != null && !active.isEmpty() && !active.equalsIgnoreCase("true")) {
            throw ApiException.badRequest("active must be true (the default): only open alerts are kept here; the"
                    + " history of every episode is the anomalies topic, got '" + active + "'");
        }
        int limit = limit(ctx);
        String deviceId = ctx.queryParam("deviceId");
        if (deviceId != null && !deviceId.isEmpty()) {
            device(ctx, deviceId, limit);
            return;
        }
        boolean local = QueryParams.localScope(ctx) || Forwarding.isForwarded(ctx);
        AlertPage page;
        try {
            page = local ? alerts.activeLocal(limit) : fleet.page(limit, ctx.header("Authorization"));
        } catch (StoreUnavailableException e) {
            Responses.unavailable(ctx, "open alerts are not available right now: " + e.getMessage());
            return;
        }
        ObjectNode body = body(page.items(), page.truncated());
        if (local) {
            ArrayNode partitions = body.putArray("partitions");
            page.partitions().stream().sorted().forEach(partitions::add);
        }
        Responses.json(ctx, 200, body);
    }

    private void device(Context ctx, String deviceId, int limit) throws JsonProcessingException {
        if (!Reading.isValidName(deviceId)) {
            throw ApiException.badRequest("deviceId must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        AlertLookup lookup = alerts.active(deviceId, QueryParams.allowStale(ctx));
        if (lookup instanceof AlertLookup.Found found) {
            if (found.stale()) {
                ctx.header(Forwarding.STALE, "true");
            }
            List<Anomaly> items = found.alerts();
            boolean truncated = items.size() > limit;
            Responses.json(ctx, 200, body(truncated ? items.subList(0, limit) : items, truncated));
        } else if (lookup instanceof AlertLookup.Unavailable unavailable) {
            Responses.unavailable(ctx, "alerts of device '" + deviceId + "' are not available right now: "
                    + unavailable.reason());
        } else {
            AlertLookup.Remote remote = (AlertLookup.Remote) lookup;
            forwarding.forward(ctx, remote.host(), remote.port(), "device '" + deviceId + "'");
        }
    }

    private static ObjectNode body(List<Anomaly> items, boolean truncated) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("items", Json.mapper().valueToTree(items));
        body.put("truncated", truncated);
        return body;
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isEmpty()) {
            return QueryParams.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= AlertQueries.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw ApiException.badRequest("limit must be an integer between 1 and " + AlertQueries.MAX_LIMIT + ", got '"
                + raw + "'");
    }
}
