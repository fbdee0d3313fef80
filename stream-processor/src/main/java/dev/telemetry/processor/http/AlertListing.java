package dev.telemetry.processor.http;

import dev.telemetry.model.Anomaly;
import dev.telemetry.processor.query.AlertPage;
import dev.telemetry.processor.query.AlertQueries;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.StoreUnavailableException;

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
    AlertPage page(int limit, String authorization) {
        return AlertPage.merge(InstancePages.collect(devices.cluster(), alerts.activeLocal(limit), peers,
                "/api/v1/anomalies?scope=local&active=true&limit=" + limit, authorization, "alerts", AlertPage::partitions,
                body -> new AlertPage(InstancePages.items(body, Anomaly.class), body.path("truncated").asBoolean(false),
                        InstancePages.partitions(body))), limit);
    }
}
