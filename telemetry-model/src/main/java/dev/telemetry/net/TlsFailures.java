package dev.telemetry.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
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
        if (ssl != null) {
            return Optional.of("MQTT TLS handshake with " + url + " failed: " + reason(ssl, url, files));
        }
        return closedAfterHandshake(failure, url, files);
    }

    /**
     * With TLS 1.3 the client's handshake is over before the broker has checked the client
     * certificate: a broker that refuses it sends its alert and closes, and the client usually sees
     * only a broken pipe or a reset when it sends CONNECT. Say so, and add what we can check here.
     */
    private static Optional<String> closedAfterHandshake(Throwable failure, String url, TlsFiles files) {
        if (!files.hasClientCertificate() || !url.regionMatches(true, 0, "ssl:", 0, 4)
                && !url.regionMatches(true, 0, "wss:", 0, 4)) {
            return Optional.empty();
        }
        IOException closed = find(failure, EOFException.class);
        if (closed == null) {
            SocketException socket = find(failure, SocketException.class);
            String m = socket == null ? null : socket.getMessage();
            closed = m != null && (m.contains("Broken pipe") || m.contains("Connection reset")) ? socket : null;
        }
        if (closed == null) {
            return Optional.empty();
        }
        String certificate = files.names().certFile() + "=" + files.certFile();
        String expiry = expiry(files);
        return Optional.of("MQTT TLS handshake with " + url + " failed: the broker closed the connection right after"
                + " the TLS handshake (" + firstMessage(closed) + "), which is how a TLS 1.3 broker rejects a client"
                + " certificate; " + (expiry != null ? "the client certificate in " + certificate + " " + expiry
                        : "check that the broker trusts the CA of " + certificate + " (the broker's log says why)"));
    }

    /** "expired on ..." when the client certificate has expired, else null. */
    private static String expiry(TlsFiles files) {
        try {
            X509Certificate cert = PemReader.certificates(files.certFile(), files.names().certFile()).get(0);
            Instant notAfter = cert.getNotAfter().toInstant();
            return Instant.now().isAfter(notAfter) ? "expired on " + notAfter : null;
        } catch (RuntimeException e) {
            return null; // the file changed since start-up; the message stays without the date
        }
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
            case "certificate_expired" -> {
                // TLS 1.3 usually delivers this as a closed connection (above); when the alert itself arrives,
                // say the same thing, with the date
                String expiry = files.hasClientCertificate() ? expiry(files) : null;
                yield expiry != null
                        ? "the broker rejected the client certificate: the client certificate in " + n.certFile() + "="
                                + files.certFile() + " " + expiry + suffix
                        : "the broker rejected the client certificate" + ours + ": certificate expired" + suffix;
            }
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
        int depth = 0;
        for (Throwable c = t; c != null && depth++ < 20; c = c.getCause()) {
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
        int depth = 0;
        for (Throwable c = t; c != null && depth++ < 20; c = c.getCause()) {
            out.append(c.getMessage()).append('\n');
        }
        return out.toString();
    }

    private static String firstMessage(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
