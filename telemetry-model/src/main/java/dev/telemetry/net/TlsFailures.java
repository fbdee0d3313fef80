package dev.telemetry.net;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns a failed TLS handshake into one sentence that says whose certificate was refused and which
 * option to look at, instead of the JDK's "PKIX path building failed" or "Received fatal alert". It
 * can only report what this side observes: our verdict on the broker's certificate, or the TLS alert
 * the broker sent about ours.
 */
public final class TlsFailures {

    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

    private TlsFailures() {
    }

    /**
     * The explanation, when {@code failure} (or a cause) is a TLS failure.
     *
     * @param url   the broker URL, for the message
     * @param files the TLS options in use
     */
    public static Optional<String> explain(Throwable failure, String url, TlsFiles files) {
        SSLException ssl = find(failure, SSLException.class);
        if (ssl == null) {
            return Optional.empty();
        }
        return Optional.of("MQTT TLS handshake with " + url + " failed: " + reason(ssl, url, files));
    }

    private static String reason(SSLException ssl, String url, TlsFiles files) {
        TlsFiles.Names n = files.names();
        String trustedBy = files.caFile() == null ? "the JVM's default trust store (set " + n.caFile() + " for a"
                + " private CA)" : n.caFile() + "=" + files.caFile();
        CertPathValidatorException invalid = find(ssl, CertPathValidatorException.class);
        if (find(ssl, CertificateExpiredException.class) != null || invalid != null
                && invalid.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            return "the server certificate has expired";
        }
        if (find(ssl, CertificateNotYetValidException.class) != null || invalid != null
                && invalid.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return "the server certificate is not valid yet (check the clocks)";
        }
        if (find(ssl, CertPathBuilderException.class) != null || invalid != null) {
            return "server certificate is not trusted by " + trustedBy;
        }
        String all = messages(ssl);
        if (find(ssl, SSLPeerUnverifiedException.class) != null || all.contains("No subject alternative")
                || all.contains("No name matching")) {
            return "the server certificate does not name the host of " + url + " (" + firstMessage(ssl)
                    + "); connect by a name the certificate lists, or turn host name verification off ("
                    + n.verifyHostname() + ")";
        }
        Matcher alert = ALERT.matcher(all);
        if (alert.find()) {
            return alertReason(alert.group(1), files);
        }
        if (all.contains("Unsupported or unrecognized SSL message")) {
            return "the broker did not answer with TLS: is " + url + " a TLS listener and not plain MQTT?";
        }
        if (all.contains("Remote host terminated the handshake")) {
            return "the broker closed the connection during the handshake (it may require a client certificate,"
                    + " see " + n.certFile() + ", or not speak TLS on this port)";
        }
        return firstMessage(ssl);
    }

    private static String alertReason(String alert, TlsFiles files) {
        TlsFiles.Names n = files.names();
        String ours = files.hasClientCertificate() ? " in " + n.certFile() + "=" + files.certFile() : "";
        String suffix = " (TLS alert " + alert + " from the broker)";
        return switch (alert) {
            case "certificate_expired" -> "the broker rejected the client certificate" + ours + ": certificate expired"
                    + suffix;
            case "certificate_required" -> "the broker requires a client certificate: set " + n.certFile() + " and "
                    + n.keyFile() + suffix;
            case "unknown_ca" -> files.hasClientCertificate()
                    ? "the broker does not trust the client certificate" + ours + ": it is not signed by a CA the broker"
                            + " knows" + suffix
                    : "the broker does not trust the certificate chain" + suffix;
            case "bad_certificate", "certificate_unknown", "unsupported_certificate", "certificate_revoked",
                    "access_denied" -> "the broker rejected the client certificate" + ours + suffix;
            case "handshake_failure", "protocol_version", "insufficient_security" -> "no TLS version or cipher suite"
                    + " both sides accept, or the broker wanted a client certificate" + suffix;
            default -> "the broker aborted the handshake" + suffix;
        };
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable s : c.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        return null;
    }

    private static String messages(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            out.append(c.getMessage()).append('\n');
        }
        return out.toString();
    }

    private static String firstMessage(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
