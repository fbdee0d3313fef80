package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DeviceLookup;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.StoreUnavailableException;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/devices/{id}} (answered here, forwarded to the owner, or 503) and
 * {@code GET /api/v1/devices?status=&metric=&limit=&cursor=} (the fleet listing, or with {@code scope=local}
 * this instance's part of it): maps query answers to HTTP and nothing else.
 */
final class DeviceResource {

    private final DeviceQueries queries;
    private final Forwarding forwarding;
    private final FleetListing fleet;

    DeviceResource(DeviceQueries queries, Forwarding forwarding) {
        this.queries = queries;
        this.forwarding = forwarding;
        this.fleet = new FleetListing(queries, forwarding.peers());
    }

    void get(Context ctx) throws Exception {
        QueryParams.only(ctx, "allowStale");
        String id = ctx.pathParam("id");
        if (!Reading.isValidName(id)) {
            throw ApiException.badRequest("device id must be 1..200 characters of [A-Za-z0-9._:/-]");
        }
        boolean allowStale = QueryParams.allowStale(ctx);
        DeviceLookup lookup = queries.find(id, allowStale);
        if (lookup instanceof DeviceLookup.Found found) {
            if (found.stale()) {
                ctx.header(Forwarding.STALE, "true");
            }
            Responses.json(ctx, 200, found.state());
        } else if (lookup instanceof DeviceLookup.NotFound) {
            throw ApiException.notFound("no reading of device '" + id + "' has been seen");
        } else if (lookup instanceof DeviceLookup.Unavailable unavailable) {
            Responses.unavailable(ctx, "device state is not available right now: " + unavailable.reason());
        } else {
            DeviceLookup.Remote remote = (DeviceLookup.Remote) lookup;
            forwarding.forward(ctx, remote.host(), remote.port(), "device '" + id + "'");
        }
    }

    void list(Context ctx) throws Exception {
        QueryParams.only(ctx, "limit", "cursor", "status", "metric", "scope");
        int limit = QueryParams.limit(ctx);
        String cursor = QueryParams.cursor(ctx);
        DeviceFilter filter = QueryParams.filter(ctx);
        // a forwarded listing is answered locally whatever it asks: requests make at most one hop
        boolean local = QueryParams.localScope(ctx) || Forwarding.isForwarded(ctx);
        DevicePage page;
        try {
            page = local ? queries.list(limit, cursor, filter) : fleet.page(limit, cursor, filter, ctx.header("Authorization"));
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
        if (local) {
            ArrayNode partitions = body.putArray("partitions");
            page.partitions().stream().sorted().forEach(partitions::add);
        }
        Responses.json(ctx, 200, body);
    }
}
