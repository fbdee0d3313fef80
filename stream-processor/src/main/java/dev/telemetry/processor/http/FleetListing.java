package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.DeviceState;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.FleetPages;
import dev.telemetry.processor.query.StoreUnavailableException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The fleet listing: this instance's page merged with every other instance's local page
 * ({@code GET /api/v1/devices?scope=local}, same cursor, filter and limit).
 *
 * <p>All or nothing: when an instance does not answer 200, or the pages together do not cover every actively
 * assigned partition (ownership moved while we asked), the listing is unavailable (503 + Retry-After), never
 * silently partial. Instances are asked one after the other, each bounded by {@link HttpPeerClient}'s timeouts.
 */
final class FleetListing {

    private final DeviceQueries queries;
    private final PeerClient peers;

    FleetListing(DeviceQueries queries, PeerClient peers) {
        this.queries = queries;
        this.peers = peers;
    }

    /**
     * @param authorization the caller's {@code Authorization} header, passed on to every instance, or null
     * @throws StoreUnavailableException when the listing cannot be complete right now, saying why
     */
    DevicePage page(int limit, String cursor, DeviceFilter filter, String authorization) {
        return FleetPages.merge(InstancePages.collect(queries.cluster(), queries.list(limit, cursor, filter), peers,
                localPath(limit, cursor, filter), authorization, "listing", DevicePage::partitions, body -> {
                    JsonNode next = body.get("nextCursor");
                    return new DevicePage(InstancePages.items(body, DeviceState.class),
                            next == null || next.isNull() ? null : next.asText(), InstancePages.partitions(body));
                }), limit);
    }

    static String localPath(int limit, String cursor, DeviceFilter filter) {
        StringBuilder path = new StringBuilder("/api/v1/devices?scope=local&limit=").append(limit);
        if (cursor != null) {
            path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        if (filter.status() != null) {
            path.append("&status=").append(filter.status());
        }
        if (filter.metric() != null) {
            path.append("&metric=").append(URLEncoder.encode(filter.metric(), StandardCharsets.UTF_8));
        }
        return path.toString();
    }
}
