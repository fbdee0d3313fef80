package dev.telemetry.gateway.app;

import dev.telemetry.config.ConfigException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the gateway does with its MQTT session when it stops: the {@code mqtt.shutdown.mode} key.
 *
 * <p>A shared-subscription broker assigns each message to one member and queues it in that member's session;
 * Mosquitto does not hand a member's queued messages to the others, not while the member is away and not when
 * its session ends (see {@code MosquittoSharedSessionIT}). So a gateway that stops keeping its session must not
 * walk away from what was assigned to it, and one that is gone for good must not keep a session nobody resumes.
 */
public enum ShutdownMode {

    /**
     * Disconnect normally; the broker keeps the session, its subscriptions and its backlog for
     * {@code mqtt.session-expiry}, and a gateway with the same client id resumes it. For restarts and rolling
     * updates. A gateway removed for good strands its share of the messages until the session expires.
     */
    KEEP_SESSION("keep-session"),

    /**
     * Leave the group for good (scale-in): unsubscribe, so the broker sends new messages to the other members;
     * keep writing and acknowledging what the broker had already assigned to this session until nothing arrives
     * for {@code mqtt.shutdown.drain-quiet-period}, bounded by {@code mqtt.shutdown.drain-timeout}; then
     * disconnect with session expiry 0, so the broker drops the empty session. When the drain does not finish,
     * the gateway falls back to {@link #KEEP_SESSION} rather than drop messages with the session.
     */
    LEAVE("leave");

    private final String key;

    ShutdownMode(String key) {
        this.key = key;
    }

    /** The value as written in the configuration. */
    public String key() {
        return key;
    }

    static ShutdownMode parse(String configKey, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.key.equals(v)).findFirst()
                .orElseThrow(() -> new ConfigException(configKey + " must be keep-session or leave, got '"
                        + value + "'"));
    }

    @Override
    public String toString() {
        return key;
    }
}
