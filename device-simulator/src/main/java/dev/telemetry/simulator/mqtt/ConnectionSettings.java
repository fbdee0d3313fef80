package dev.telemetry.simulator.mqtt;

import dev.telemetry.net.NoDelaySocketFactory;
import dev.telemetry.net.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * What one MQTT connection needs.
 *
 * @param url            broker URL, e.g. {@code tcp://localhost:1883}
 * @param clientId       the MQTT client id, unique per connection
 * @param username       or null
 * @param password       or null
 * @param qos            0, 1 or 2
 * @param maxInFlight    unsettled publishes allowed on this connection (further capped by the
 *                       broker's MQTT 5 receive maximum)
 * @param connectTimeout how long the first connect may take
 * @param tls            the TLS files, read once per run, for {@code ssl://} and {@code wss://}; null otherwise
 */
public record ConnectionSettings(String url, String clientId, String username, String password, int qos,
        int maxInFlight, Duration connectTimeout, TlsFiles.Loaded tls) {

    /** Without TLS files. */
    public ConnectionSettings(String url, String clientId, String username, String password, int qos,
            int maxInFlight, Duration connectTimeout) {
        this(url, clientId, username, password, qos, maxInFlight, connectTimeout, null);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[url=" + url + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? null : "****") + ", qos=" + qos + ", maxInFlight=" + maxInFlight
                + ", connectTimeout=" + connectTimeout + (tls == null ? "" : ", " + tls.files()) + "]";
    }

    /**
     * Clean start (a simulator has no session worth resuming: messages unconfirmed at a connection
     * loss are counted as errors, not resent), automatic reconnect 1 s doubling to 120 s, keep-alive
     * 30 s, TCP_NODELAY on plain TCP and on TLS.
     */
    MqttConnectionOptions toOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 120);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, connectTimeout().toSeconds()));
        if (url().startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory()); // ws:// needs Paho's own factory
        } else if (tls != null) {
            options.setSocketFactory(tls.socketFactory());
            options.setHttpsHostnameVerificationEnabled(tls.files().verifyHostname());
        }
        if (username() != null) {
            options.setUserName(username());
        }
        if (password() != null) {
            options.setPassword(password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    /**
     * {@link #toOptions()} for the MQTT 3.1.1 client: the same clean session, reconnect, keep-alive,
     * TCP_NODELAY, TLS and credentials; the in-flight limit is the client's own (3.1.1 brokers announce none).
     */
    org.eclipse.paho.client.mqttv3.MqttConnectOptions toV3Options() {
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(120_000);
        options.setKeepAliveInterval(30);
        options.setMaxInflight(maxInFlight());
        options.setConnectionTimeout((int) Math.max(1, connectTimeout().toSeconds()));
        if (url().startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        } else if (tls != null) {
            options.setSocketFactory(tls.socketFactory());
            options.setHttpsHostnameVerificationEnabled(tls.files().verifyHostname());
        }
        if (username() != null) {
            options.setUserName(username());
        }
        if (password() != null) {
            options.setPassword(password().toCharArray());
        }
        return options;
    }
}
