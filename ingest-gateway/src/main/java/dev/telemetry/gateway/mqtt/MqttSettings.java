package dev.telemetry.gateway.mqtt;

import dev.telemetry.net.TlsFiles;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the gateway connects and subscribes (validated by the application configuration).
 *
 * @param url            {@code tcp://}, {@code ssl://}, {@code ws://} or {@code wss://} broker URL
 * @param clientId       stable and unique per gateway instance (it names the persistent session)
 * @param username       or null
 * @param password       or null
 * @param topicFilters   subscription filters (at least one), each may be a shared subscription
 *                       {@code $share/group/filter}
 * @param qos            subscription QoS 0..2 (1 is the one that gives at-least-once, see {@link MqttIngest})
 * @param sessionExpiry  how long the broker keeps the session (and the backlog) while the gateway is away
 * @param receiveMaximum bound on unacknowledged QoS 1/2 messages in flight from the broker
 * @param keepAlive      MQTT keep-alive
 * @param connectTimeout bound on one connect + subscribe attempt
 * @param tls            CA, client certificate and host name checking for {@code ssl://} and {@code wss://}
 */
public record MqttSettings(
        URI url,
        String clientId,
        String username,
        String password,
        List<String> topicFilters,
        int qos,
        Duration sessionExpiry,
        int receiveMaximum,
        Duration keepAlive,
        Duration connectTimeout,
        TlsFiles tls) {

    public MqttSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
        topicFilters = List.copyOf(topicFilters);
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("at least one topic filter is needed");
        }
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(tls, "tls");
    }

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", clientId=" + clientId + ", username=" + username + ", password="
                + (password == null ? null : "****") + ", topicFilters=" + topicFilters + ", qos=" + qos
                + ", sessionExpiry=" + sessionExpiry + ", receiveMaximum=" + receiveMaximum
                + (tls.isConfigured() ? ", " + tls : "") + "]";
    }
}
