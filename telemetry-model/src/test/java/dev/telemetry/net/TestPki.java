package dev.telemetry.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests, written as PEM files into a directory: a test CA, a server
 * certificate for {@code localhost} and {@code 127.0.0.1}, a client certificate, an expired client
 * certificate, and a second, unrelated CA with a client certificate of its own. EC P-256 keys
 * (fast to generate; Mosquitto and the JDK both take them); {@link #writeRsaKey} and friends write the
 * other key formats for the PEM tests.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** One certificate and its key, in memory and as files. */
    public record Issued(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
    }

    private final Path dir;
    private final Issued ca;
    private final Issued server;
    private final Issued client;
    private final Issued expiredClient;
    private final Issued otherCa;
    private final Issued otherCaClient;

    private TestPki(Path dir) {
        this.dir = dir;
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(30));
        ca = issue("ca", "CN=telemetry test CA", null, ec(), from, until, Role.CA);
        server = issue("server", "CN=localhost", ca, ec(), from, until, Role.SERVER);
        client = issue("client", "CN=gateway-client", ca, ec(), from, until, Role.CLIENT);
        expiredClient = issue("expired-client", "CN=expired-client", ca, ec(), now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1)), Role.CLIENT);
        otherCa = issue("other-ca", "CN=unrelated test CA", null, ec(), from, until, Role.CA);
        otherCaClient = issue("other-ca-client", "CN=stranger", otherCa, ec(), from, until, Role.CLIENT);
    }

    /** Generates everything into {@code dir} (which must exist). */
    public static TestPki create(Path dir) {
        return new TestPki(dir);
    }

    public Path dir() {
        return dir;
    }

    public Issued ca() {
        return ca;
    }

    /** For {@code localhost}, {@code 127.0.0.1} and {@code ::1}, signed by {@link #ca()}. */
    public Issued server() {
        return server;
    }

    /** Client certificate signed by {@link #ca()}, CN=gateway-client. */
    public Issued client() {
        return client;
    }

    /** Signed by {@link #ca()}, expired yesterday. */
    public Issued expiredClient() {
        return expiredClient;
    }

    /** A CA that signed nothing the broker uses. */
    public Issued otherCa() {
        return otherCa;
    }

    /** A client certificate signed by {@link #otherCa()}. */
    public Issued otherCaClient() {
        return otherCaClient;
    }

    /** An RSA key pair and a client certificate for it, signed by {@link #ca()}; the key in PKCS#1 PEM. */
    public Issued rsaClientPkcs1() {
        Issued issued = issue("rsa-client", "CN=rsa-client", ca, rsa(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), Role.CLIENT);
        writePem(issued.keyFile(), issued.key()); // JcaPEMWriter writes RSA PRIVATE KEY (PKCS#1)
        return issued;
    }

    /** {@code key} as SEC1 {@code EC PRIVATE KEY} (what {@code openssl ecparam -genkey} writes). */
    public Path writeSec1Key(String name, PrivateKey key) {
        Path file = dir.resolve(name);
        writePem(file, withCurveInside(key));
        return file;
    }

    /**
     * The JDK's EC keys keep the curve only in the PKCS#8 algorithm id; SEC1 needs it inside the key
     * (as openssl writes it), which BouncyCastle's own key class does.
     */
    private static PrivateKey withCurveInside(PrivateKey key) {
        if (!key.getAlgorithm().equals("EC")) {
            return key;
        }
        try {
            return java.security.KeyFactory.getInstance("EC", new BouncyCastleProvider())
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key} as an encrypted PKCS#8 {@code ENCRYPTED PRIVATE KEY}, AES-256-CBC. */
    public Path writeEncryptedPkcs8(String name, PrivateKey key, String password) {
        try {
            Path file = dir.resolve(name);
            writePem(file, new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPasssword(password.toCharArray()).build()).generate());
            return file;
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key} in the legacy OpenSSL encrypted form ({@code Proc-Type: 4,ENCRYPTED}). */
    public Path writeLegacyEncrypted(String name, PrivateKey key, String password) {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(withCurveInside(key), new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
                    .build(password.toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private enum Role { CA, SERVER, CLIENT }

    private Issued issue(String name, String subject, Issued issuer, KeyPair keys, Instant from, Instant until,
            Role role) {
        try {
            X500Name subjectName = new X500Name(subject);
            X500Name issuerName = issuer == null ? subjectName
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(until), subjectName,
                    keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            switch (role) {
                case CA -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case SERVER -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1")}));
                }
                case CLIENT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
            }
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.key();
            String algorithm = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
            Path certFile = dir.resolve(name + ".pem");
            Path keyFile = dir.resolve(name + "-key.pem");
            writePem(certFile, cert);
            writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null).generate());
            return new Issued(cert, keys.getPrivate(), certFile, keyFile);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the test certificate " + name, e);
        }
    }

    private static void writePem(Path file, Object object) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
