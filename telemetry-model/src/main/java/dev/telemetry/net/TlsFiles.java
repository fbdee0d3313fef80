package dev.telemetry.net;

import dev.telemetry.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for an MQTT connection from PEM files, shared by the gateway and the simulator: which CA to
 * trust, which client certificate to present, and whether the broker's host name must match its
 * certificate. {@link #load()} reads and checks the files and gives the socket factory.
 *
 * @param names          the options that set each field, for error messages ({@code mqtt.tls.ca-file} in the
 *                       gateway, {@code --ca-file} in the simulator)
 * @param caFile         PEM certificates to trust, or null for the JVM's default trust store
 * @param certFile       the client certificate (leaf first, then intermediates), or null for no client
 *                       certificate; set together with {@code keyFile}
 * @param keyFile        the client certificate's private key, or null
 * @param keyPassword    for an encrypted {@code keyFile}, or null; never printed
 * @param verifyHostname check that the broker's certificate names the host of the URL (off only for tests
 *                       and brokers addressed by a name their certificate lacks)
 */
public record TlsFiles(Names names, Path caFile, Path certFile, Path keyFile, String keyPassword,
        boolean verifyHostname) {

    /** The URL schemes that use TLS. */
    public static final List<String> TLS_SCHEMES = List.of("ssl", "wss");
    // the in-memory key store never leaves this class; its password protects nothing
    private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

    /**
     * The option names of each field, as the user typed them.
     *
     * @param url the option that gives the broker URL (whose scheme selects TLS)
     */
    public record Names(String url, String caFile, String certFile, String keyFile, String keyPassword,
            String verifyHostname) {
        public Names {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
            Objects.requireNonNull(keyPassword, "keyPassword");
            Objects.requireNonNull(verifyHostname, "verifyHostname");
        }
    }

    public TlsFiles {
        Objects.requireNonNull(names, "names");
        if ((certFile == null) != (keyFile == null)) {
            throw new ConfigException((certFile == null ? names.keyFile() + " is set without " + names.certFile()
                    : names.certFile() + " is set without " + names.keyFile())
                    + ": a client certificate needs both the certificate and its private key");
        }
        if (keyPassword != null && keyFile == null) {
            throw new ConfigException(names.keyPassword() + " is set without " + names.keyFile());
        }
    }

    /** No TLS options: the JVM's trust store, no client certificate, host names verified. */
    public static TlsFiles none(Names names) {
        return new TlsFiles(names, null, null, null, null, true);
    }

    /** True when some option differs from {@link #none}. */
    public boolean isConfigured() {
        return caFile != null || certFile != null || !verifyHostname;
    }

    /** True when a client certificate is configured (mutual TLS). */
    public boolean hasClientCertificate() {
        return certFile != null;
    }

    /** True for {@code ssl} and {@code wss}. */
    public static boolean isTlsScheme(String scheme) {
        return scheme != null && TLS_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    /**
     * Refuses TLS options on a URL without TLS, where they would be silently ignored and the
     * credentials sent in clear.
     */
    public void requireTlsUrl(String url, String scheme) {
        if (isConfigured() && !isTlsScheme(scheme)) {
            String option = caFile != null ? names.caFile() : certFile != null ? names.certFile()
                    : names.verifyHostname();
            throw new ConfigException(option + " is set but " + names.url() + " '" + url + "' does not use TLS: use "
                    + "ssl://host:8883 (or wss://), or remove the TLS options");
        }
    }

    /**
     * Reads the files and builds the TLS context: checks that each file exists and parses, that the
     * client certificate and key belong together.
     *
     * @throws ConfigException naming the option of the file at fault
     */
    public Loaded load() {
        try {
            KeyManager[] keyManagers = null;
            X509Certificate clientCertificate = null;
            if (certFile != null) {
                List<X509Certificate> chain = PemReader.certificates(certFile, names.certFile());
                PrivateKey key = PemReader.privateKey(keyFile, names.keyFile(), keyPassword, names.keyPassword());
                clientCertificate = chain.get(0);
                requireMatch(clientCertificate.getPublicKey(), key);
                KeyStore ks = emptyStore();
                ks.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, STORE_PASSWORD);
                keyManagers = kmf.getKeyManagers();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile != null) {
                KeyStore trusted = emptyStore();
                List<X509Certificate> cas = PemReader.certificates(caFile, names.caFile());
                for (int i = 0; i < cas.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf.init(trusted);
            } else {
                tmf.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return new Loaded(this, new NoDelaySslSocketFactory(context.getSocketFactory()), clientCertificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("cannot set up TLS from " + this + ": " + e, e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    /** Signs with the key and verifies with the certificate: a mismatch would fail only in the handshake. */
    private void requireMatch(PublicKey certKey, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        boolean matches;
        if (algorithm == null || !certKey.getAlgorithm().equals(key.getAlgorithm())) {
            matches = algorithm == null && certKey.getAlgorithm().equals(key.getAlgorithm());
        } else {
            try {
                byte[] probe = "telemetry-pipeline key check".getBytes(StandardCharsets.US_ASCII);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certKey);
                verifier.update(probe);
                matches = verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                matches = false;
            }
        }
        if (!matches) {
            throw new ConfigException(names.keyFile() + "=" + keyFile + " is not the private key of the certificate in "
                    + names.certFile() + "=" + certFile + " (" + certKey.getAlgorithm() + " certificate, "
                    + key.getAlgorithm() + " key)");
        }
    }

    @Override
    public String toString() {
        return names.caFile() + "=" + caFile + ", " + names.certFile() + "=" + certFile + ", " + names.keyFile() + "="
                + keyFile + ", " + names.keyPassword() + "=" + (keyPassword == null ? null : "****") + ", "
                + names.verifyHostname() + "=" + verifyHostname;
    }

    /**
     * The files, read.
     *
     * @param files             what was read
     * @param socketFactory     TLS sockets with TCP_NODELAY, for Paho's {@code setSocketFactory}
     * @param clientCertificate the client certificate presented, or null
     */
    public record Loaded(TlsFiles files, SSLSocketFactory socketFactory, X509Certificate clientCertificate) {

        /** A warning when the client certificate is expired or not yet valid at {@code now}. */
        public Optional<String> clientCertificateProblem(Instant now) {
            if (clientCertificate == null) {
                return Optional.empty();
            }
            if (now.isAfter(clientCertificate.getNotAfter().toInstant())) {
                return Optional.of("the client certificate in " + files.names().certFile() + "=" + files.certFile()
                        + " (" + clientCertificate.getSubjectX500Principal().getName() + ") expired on "
                        + clientCertificate.getNotAfter().toInstant() + ": brokers that check it will refuse the"
                        + " connection");
            }
            if (now.isBefore(clientCertificate.getNotBefore().toInstant())) {
                return Optional.of("the client certificate in " + files.names().certFile() + "=" + files.certFile()
                        + " is not valid before " + clientCertificate.getNotBefore().toInstant());
            }
            return Optional.empty();
        }
    }
}
