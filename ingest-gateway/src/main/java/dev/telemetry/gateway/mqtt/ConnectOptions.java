package dev.telemetry.gateway.mqtt;

import dev.telemetry.net.NoDelaySocketFactory;
import dev.telemetry.net.TlsFailures;
import dev.telemetry.net.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Paho connection options and the subscription, from {@link MqttSettings}. */
final class ConnectOptions {

    private static final Logger log = LoggerFactory.getLogger(ConnectOptions.class);
    /** MQTT 5: retained messages only when the subscription is new, not again on every restart. */
    private static final int RETAIN_ONLY_IF_NEW_SUBSCRIPTION = 1;

    private ConnectOptions() {
    }

    static MqttConnectionOptions of(MqttSettings s) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        // a persistent session: the broker keeps subscriptions and unacknowledged messages while we are away
        o.setCleanStart(false);
        o.setSessionExpiryInterval(s.sessionExpiry().toSeconds());
        // bounds unacknowledged QoS 1 messages in flight to us: backpressure toward the broker
        o.setReceiveMaximum(s.receiveMaximum());
        // reconnecting is SessionKeeper's job (it needs session-present and restarts after Kafka failures)
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
        if ("tcp".equalsIgnoreCase(s.url().getScheme())) {
            // without TCP_NODELAY each PUBACK can wait for the broker's delayed ACK, which caps throughput
            o.setSocketFactory(new NoDelaySocketFactory());
        } else if (TlsFiles.isTlsScheme(s.url().getScheme())) {
            tls(o, s);
        }
        if (s.username() != null) {
            o.setUserName(s.username());
        }
        if (s.password() != null) {
            o.setPassword(s.password().getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    /** The socket factory from the PEM files (TCP_NODELAY kept) and the host name check. */
    private static void tls(MqttConnectionOptions o, MqttSettings s) {
        TlsFiles tls = s.tls();
        TlsFiles.Loaded loaded = tls.load();
        o.setSocketFactory(loaded.socketFactory());
        o.setHttpsHostnameVerificationEnabled(tls.verifyHostname());
        if (!tls.verifyHostname()) {
            log.warn("mqtt.tls.verify-hostname=false: any certificate signed by a trusted CA is accepted for {},"
                    + " whatever host it was issued to", s.url());
        }
        loaded.clientCertificateProblem(Instant.now()).ifPresent(problem -> log.warn("{}", problem));
    }

    /** Subscribes to every filter in one SUBSCRIBE and checks the broker's answers; waits at most the connect timeout. */
    static void subscribe(MqttAsyncClient client, MqttSettings s) throws MqttException {
        List<String> filters = s.topicFilters();
        MqttSubscription[] subs = new MqttSubscription[filters.size()];
        for (int i = 0; i < subs.length; i++) {
            subs[i] = new MqttSubscription(filters.get(i), s.qos());
            if (!filters.get(i).startsWith("$share/")) {
                subs[i].setRetainHandling(RETAIN_ONLY_IF_NEW_SUBSCRIPTION);
            }
        }
        IMqttToken token = client.subscribe(subs);
        token.waitForCompletion(s.connectTimeout().toMillis() + 5000);
        int[] codes = token.getReasonCodes();
        for (int i = 0; i < subs.length; i++) {
            int granted = codes == null || codes.length <= i ? s.qos() : codes[i];
            if (granted >= 0x80) {
                throw new MqttException(granted, new IllegalStateException("the broker refused the subscription to "
                        + filters.get(i) + " with reason code 0x" + Integer.toHexString(granted)
                        + (granted == 0x87 ? " (not authorized)" : "")));
            }
            if (granted < s.qos()) {
                log.warn("the broker granted QoS {} instead of {} for {}: messages may be lost", granted, s.qos(),
                        filters.get(i));
            }
        }
    }

    /**
     * Unsubscribes from every filter in one UNSUBSCRIBE and checks the broker's answers; waits at most the
     * connect timeout. "No subscription existed" (0x11) counts as done: the broker may have lost the session.
     */
    static void unsubscribe(MqttAsyncClient client, MqttSettings s) throws MqttException {
        List<String> filters = s.topicFilters();
        IMqttToken token = client.unsubscribe(filters.toArray(new String[0]));
        token.waitForCompletion(s.connectTimeout().toMillis() + 5000);
        int[] codes = token.getReasonCodes();
        for (int i = 0; codes != null && i < Math.min(codes.length, filters.size()); i++) {
            if (codes[i] >= 0x80) {
                throw new MqttException(codes[i], new IllegalStateException("the broker refused to unsubscribe "
                        + filters.get(i) + " with reason code 0x" + Integer.toHexString(codes[i])));
            }
        }
    }

    static String describe(MqttException e) {
        Throwable c = e.getCause();
        String cause = c == null ? "" : ": " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        return e.getMessage() + " (reason code " + e.getReasonCode() + ")" + cause + credentialsHint(e.getReasonCode());
    }

    /** A failed connect: a TLS handshake failure in one sentence naming the option at fault, else as {@link #describe}. */
    static String describeConnectFailure(MqttException e, MqttSettings s) {
        return TlsFailures.explain(e, s.url().toString(), s.tls()).orElseGet(() -> describe(e));
    }

    private static String credentialsHint(int reasonCode) {
        return switch (reasonCode) {
            case 0x86 -> "; the broker refused the credentials: check mqtt.username and mqtt.password";
            case 0x87 -> "; the broker does not let this client connect: check mqtt.username, mqtt.password,"
                    + " the client certificate (mqtt.tls.cert-file) and the broker's ACL";
            default -> "";
        };
    }

    static String describe(MqttDisconnectResponse r) {
        if (r == null) {
            return "no reason given";
        }
        if (r.getException() != null) {
            return describe(r.getException());
        }
        return "the broker sent DISCONNECT with reason code 0x" + Integer.toHexString(r.getReturnCode())
                + (r.getReasonString() == null ? "" : " (" + r.getReasonString() + ")");
    }
}
