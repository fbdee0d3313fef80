package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.processor.query.DeviceLookup;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.StoreUnavailableException;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/devices/{id}} and {@code GET /api/v1/devices?limit=&cursor=}: maps query answers to
 * HTTP and nothing else.
 */
final class DeviceResource {

    static final int DEFAULT_LIMIT = 100;

    private final DeviceQueries queries;

    DeviceResource(DeviceQueries queries) {
        this.queries = queries;
    }

    void get(Context ctx) throws Exception {
        String id = ctx.pathParam("id");
        if (!Reading.isValidName(id)) {
            throw ApiException.badRequest("device id must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        DeviceLookup lookup = queries.find(id);
        if (lookup instanceof DeviceLookup.Found found) {
            Responses.json(ctx, 200, found.state());
        } else if (lookup instanceof DeviceLookup.NotFound) {
            throw ApiException.notFound("no reading of device '" + id + "' has been seen");
        } else if (lookup instanceof DeviceLookup.Unavailable unavailable) {
            Responses.unavailable(ctx, "device state is not available right now: " + unavailable.reason());
        } else {
            DeviceLookup.Remote remote = (DeviceLookup.Remote) lookup;
            // TODO(scale-out): forward the request to the owner instead
            Responses.unavailable(ctx, "device '" + id + "' is owned by the instance at " + remote.host() + ":"
                    + remote.port() + "; forwarding between instances is not implemented yet");
        }
    }

    void list(Context ctx) throws Exception {
        int limit = limit(ctx.queryParam("limit"));
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && cursor.isEmpty()) {
            cursor = null;
        }
        if (cursor != null && !Reading.isValidName(cursor)) {
            throw ApiException.badRequest("cursor must be the nextCursor of a previous page");
        }
        DevicePage page;
        try {
            page = queries.list(limit, cursor);
        } catch (StoreUnavailableException e) {
            Responses.unavailable(ctx, "device listing is not available right now: " + e.getMessage());
            return;
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("items", Json.mapper().valueToTree(page.items()));
        if (page.nextCursor() == null) {
            body.putNull("nextCursor");
        } else {
            body.put("nextCursor", page.nextCursor());
        }
        Responses.json(ctx, 200, body);
    }

    private static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= DeviceQueries.MAX_PAGE_SIZE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw ApiException.badRequest("limit must be an integer between 1 and " + DeviceQueries.MAX_PAGE_SIZE
                + ", got '" + raw + "'");
    }
}
