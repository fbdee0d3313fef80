package dev.telemetry.localstack.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which authenticated listeners {@link EmbeddedKafka#startSecured} opens next to its PLAINTEXT one, and
 * which users may log in on them.
 *
 * <ul>
 *   <li>always a {@code SASL_PLAINTEXT} listener with the mechanisms PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512,
 *       every user known to all three;</li>
 *   <li>with {@link #withTls()} also an {@code SSL} and a {@code SASL_SSL} listener, whose certificate is
 *       generated at start (self-signed, for 127.0.0.1 and localhost) and given to clients as a PEM file,
 *       {@link EmbeddedKafka#caCertificate()}.</li>
 * </ul>
 *
 * <p>The PLAINTEXT listener stays: the broker uses it to talk to itself, and the fixture uses it to
 * create the SCRAM credentials. There is no authorizer, so an authenticated user may do anything; what
 * these listeners test is authentication and encryption, not ACLs.
 *
 * @param users user name to password; at least one
 * @param tls   whether to add the SSL and SASL_SSL listeners
 */
public record SecureListeners(Map<String, String> users, boolean tls) {

    public SecureListeners {
        Objects.requireNonNull(users, "users");
        if (users.isEmpty()) {
            throw new IllegalArgumentException("at least one SASL user is needed");
        }
        users = Map.copyOf(new LinkedHashMap<>(users));
    }

    /** A SASL_PLAINTEXT listener for these users. */
    public static SecureListeners sasl(Map<String, String> users) {
        return new SecureListeners(users, false);
    }

    /** The same, plus SSL and SASL_SSL listeners with a generated certificate. */
    public SecureListeners withTls() {
        return new SecureListeners(users, true);
    }

    /** Users only: passwords are not shown. */
    @Override
    public String toString() {
        return "SecureListeners[users=" + users.keySet() + ", tls=" + tls + "]";
    }
}
