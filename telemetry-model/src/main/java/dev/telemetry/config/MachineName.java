package dev.telemetry.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The name of the machine a service runs on, for default ids and advertised host names. */
public final class MachineName {

    private MachineName() {
    }

    /** {@code HOSTNAME} (set in containers and Kubernetes pods), else what the resolver says; empty when neither. */
    public static Optional<String> get() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = null;
            }
        }
        return host == null || host.isBlank() ? Optional.empty() : Optional.of(host.strip());
    }
}
