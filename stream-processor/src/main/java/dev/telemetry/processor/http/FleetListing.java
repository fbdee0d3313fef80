package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Json;
import dev.telemetry.processor.query.Cluster;
import dev.telemetry.processor.query.DeviceFilter;
import dev.telemetry.processor.query.DevicePage;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.FleetPages;
import dev.telemetry.processor.query.StoreUnavailableException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
     * @throws StoreUnavailableException when the listing cannot be complete right now, saying why
     */
    DevicePage page(int limit, String cursor, DeviceFilter filter) {
        Cluster cluster = queries.cluster();
        DevicePage local = queries.list(limit, cursor, filter);
        List<DevicePage> pages = new ArrayList<>();
        pages.add(local);
        Set<Integer> covered = new TreeSet<>(local.partitions());
        String pathAndQuery = localPath(limit, cursor, filter);
        for (String peer : cluster.peers()) {
            DevicePage page = ask(peer, pathAndQuery);
            pages.add(page);
            covered.addAll(page.partitions());
        }
        if (!covered.containsAll(cluster.partitions())) {
            Set<Integer> missing = new TreeSet<>(cluster.partitions());
            missing.removeAll(covered);
            throw new StoreUnavailableException("partitions " + missing + " were not covered by any instance's"
                    + " answer (ownership is moving)");
        }
        return FleetPages.merge(pages, limit);
    }

    private DevicePage ask(String peer, String pathAndQuery) {
        PeerClient.PeerResponse answer;
        try {
            answer = peers.get(peer, pathAndQuery);
        } catch (PeerClient.PeerUnavailableException e) {
            throw new StoreUnavailableException("instance " + peer + " does not answer, so the listing would be"
                    + " incomplete: " + e.getMessage(), e);
        }
        if (answer.status() != 200) {
            throw new StoreUnavailableException("instance " + peer + " answered " + answer.status()
                    + " to its local listing: " + answer.body());
        }
        try {
            JsonNode body = Json.mapper().readTree(answer.body());
            List<DeviceState> items = new ArrayList<>();
            for (JsonNode item : body.path("items")) {
                items.add(Json.mapper().treeToValue(item, DeviceState.class));
            }
            Set<Integer> partitions = new TreeSet<>();
            body.path("partitions").forEach(p -> partitions.add(p.asInt()));
            JsonNode next = body.get("nextCursor");
            return new DevicePage(items, next == null || next.isNull() ? null : next.asText(), partitions);
        } catch (IOException e) {
            throw new IllegalStateException("instance " + peer + " answered an unreadable listing", e);
        }
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
