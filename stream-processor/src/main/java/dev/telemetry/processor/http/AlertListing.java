package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Json;
import dev.telemetry.processor.query.AlertPage;
import dev.telemetry.processor.query.AlertQueries;
import dev.telemetry.processor.query.Cluster;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.StoreUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fleet's open alerts: this instance's newest {@code limit} merged with every other instance's
 * ({@code GET /api/v1/anomalies?scope=local}). All or nothing, like {@link FleetListing}: an instance that does not
 * answer, or partitions no answer covered, make it unavailable (503), never silently partial.
 */
final class AlertListing {

    private final AlertQueries alerts;
    private final DeviceQueries devices;
    private final PeerClient peers;

    AlertListing(AlertQueries alerts, DeviceQueries devices, PeerClient peers) {
        this.alerts = alerts;
        this.devices = devices;
        this.peers = peers;
    }

    /** @throws StoreUnavailableException when the listing cannot be complete right now, saying why */
    AlertPage page(int limit) {
        Cluster cluster = devices.cluster();
        AlertPage local = alerts.activeLocal(limit);
        List<AlertPage> pages = new ArrayList<>();
        pages.add(local);
        Set<Integer> covered = new TreeSet<>(local.partitions());
        for (String peer : cluster.peers()) {
            AlertPage page = ask(peer, "/api/v1/anomalies?scope=local&active=true&limit=" + limit);
            pages.add(page);
            covered.addAll(page.partitions());
        }
        if (!covered.containsAll(cluster.partitions())) {
            Set<Integer> missing = new TreeSet<>(cluster.partitions());
            missing.removeAll(covered);
            throw new StoreUnavailableException("partitions " + missing + " were not covered by any instance's"
                    + " answer (ownership is moving)");
        }
        return AlertPage.merge(pages, limit);
    }

    private AlertPage ask(String peer, String pathAndQuery) {
        PeerClient.PeerResponse answer;
        try {
            answer = peers.get(peer, pathAndQuery);
        } catch (PeerClient.PeerUnavailableException e) {
            throw new StoreUnavailableException("instance " + peer + " does not answer, so the alerts would be"
                    + " incomplete: " + e.getMessage(), e);
        }
        if (answer.status() != 200) {
            throw new StoreUnavailableException("instance " + peer + " answered " + answer.status()
                    + " to its local alerts: " + answer.body());
        }
        try {
            JsonNode body = Json.mapper().readTree(answer.body());
            List<Anomaly> items = new ArrayList<>();
            for (JsonNode item : body.path("items")) {
                items.add(Json.mapper().treeToValue(item, Anomaly.class));
            }
            Set<Integer> partitions = new TreeSet<>();
            body.path("partitions").forEach(p -> partitions.add(p.asInt()));
            return new AlertPage(items, body.path("truncated").asBoolean(false), partitions);
        } catch (IOException e) {
            throw new IllegalStateException("instance " + peer + " answered unreadable alerts", e);
        }
    }
}
