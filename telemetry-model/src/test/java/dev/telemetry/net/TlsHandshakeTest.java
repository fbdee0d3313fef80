package dev.telemetry.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket factory of {@link TlsFiles} and the {@link TlsFailures} messages against real JDK
 * handshakes with an in-JVM TLS server that uses the test PKI's server certificate. Paho connects
 * the same way: an unconnected socket from the factory, then the HTTPS endpoint check when host
 * names are verified.
 */
@Timeout(30)
class TlsHandshakeTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLServerSocket server;
    static ExecutorService acceptor = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void startServer() throws IOException {
        pki = TestPki.create(dir);
        TlsFiles serverSide = new TlsFiles(TlsFilesTest.NAMES, null, pki.server().certFile(), pki.server().keyFile(),
                null, true);
        server = (SSLServerSocket) serverContext(serverSide).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor.execute(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the failing handshakes of the tests; the client side reports them
                }
            }
        });
    }

    private static javax.net.ssl.SSLContext serverContext(TlsFiles files) {
        try {
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", pki.server().key(), "pw".toCharArray(),
                    new java.security.cert.Certificate[] {pki.server().certificate()});
            kmf.init(ks, "pw".toCharArray());
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        acceptor.shutdownNow();
        acceptor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** What Paho does: an unconnected socket, connect, endpoint identification, handshake. */
    private static SSLSocket connect(TlsFiles files, String host) throws IOException {
        SSLSocket socket = (SSLSocket) files.load().socketFactory().createSocket();
        // the loopback address under the given name: the JDK checks the certificate against that name
        InetAddress address = InetAddress.getByAddress(host, InetAddress.getLoopbackAddress().getAddress());
        socket.connect(new InetSocketAddress(address, server.getLocalPort()), 5000);
        if (files.verifyHostname()) {
            SSLParameters p = new SSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(p);
        }
        socket.startHandshake();
        return socket;
    }

    private static TlsFiles trusting(Path ca) {
        return new TlsFiles(TlsFilesTest.NAMES, ca, null, null, null, true);
    }

    @Test
    void shouldHandshakeWithTheTestCaAndKeepTcpNoDelay() throws IOException {
        try (SSLSocket socket = connect(trusting(pki.ca().certFile()), "127.0.0.1")) {
            assertThat(socket.getInputStream().read()).isEqualTo(42);
            assertThat(socket.getTcpNoDelay()).as("TCP_NODELAY").isTrue();
            assertThat(socket.getSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
        }
    }

    @Test
    void shouldSayTheServerCertificateIsNotTrustedByTheConfiguredCaFile() {
        TlsFiles wrongCa = trusting(pki.otherCa().certFile());

        Throwable failure = catchThrowable(() -> connect(wrongCa, "127.0.0.1").close());

        assertThat(TlsFailures.explain(failure, "ssl://127.0.0.1:" + server.getLocalPort(), wrongCa)).hasValue(
                "MQTT TLS handshake with ssl://127.0.0.1:" + server.getLocalPort() + " failed: server certificate is"
                        + " not trusted by mqtt.tls.ca-file=" + pki.otherCa().certFile());
    }

    @Test
    void shouldPointToTheCaFileWhenTheDefaultTrustStoreRefusesTheServer() {
        TlsFiles defaults = TlsFiles.none(TlsFilesTest.NAMES);

        Throwable failure = catchThrowable(() -> connect(defaults, "127.0.0.1").close());

        assertThat(TlsFailures.explain(failure, "ssl://x", defaults)).hasValueSatisfying(m -> assertThat(m)
                .contains("not trusted by the JVM's default trust store (set mqtt.tls.ca-file for a private CA)"));
    }

    @Test
    void shouldSayWhenTheServerCertificateDoesNotNameTheHost() throws IOException {
        // the certificate names only localhost, 127.0.0.1 and ::1
        TlsFiles files = trusting(pki.ca().certFile());
        Throwable failure = catchThrowable(() -> connect(files, "broker.example").close());

        assertThat(TlsFailures.explain(failure, "ssl://broker.example:1", files)).hasValueSatisfying(m -> assertThat(m)
                .contains("the server certificate does not name the host of ssl://broker.example:1")
                .contains("turn host name verification off (mqtt.tls.verify-hostname)"));

        TlsFiles unverified = new TlsFiles(TlsFilesTest.NAMES, pki.ca().certFile(), null, null, null, false);
        try (SSLSocket socket = connect(unverified, "broker.example")) {
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        }
    }

    @Test
    void shouldExplainAConnectionClosedAfterTheHandshakeWithTheExpiryOfTheClientCertificate() {
        // TLS 1.3: the broker checks our certificate after our handshake is done and closes; we see a broken pipe
        TlsFiles expired = new TlsFiles(TlsFilesTest.NAMES, pki.ca().certFile(), pki.expiredClient().certFile(),
                pki.expiredClient().keyFile(), null, true);
        IOException brokenPipe = new IOException("write failed", new java.net.SocketException("Broken pipe"));

        assertThat(TlsFailures.explain(brokenPipe, "ssl://b:8883", expired)).hasValue("MQTT TLS handshake with"
                + " ssl://b:8883 failed: the broker closed the connection right after the TLS handshake (Broken pipe),"
                + " which is how a TLS 1.3 broker rejects a client certificate; the client certificate in"
                + " mqtt.tls.cert-file=" + pki.expiredClient().certFile() + " expired on "
                + pki.expiredClient().certificate().getNotAfter().toInstant());
        TlsFiles valid = new TlsFiles(TlsFilesTest.NAMES, null, pki.client().certFile(), pki.client().keyFile(),
                null, true);
        assertThat(TlsFailures.explain(brokenPipe, "ssl://b:8883", valid)).hasValueSatisfying(m -> assertThat(m)
                .endsWith("check that the broker trusts the CA of mqtt.tls.cert-file=" + pki.client().certFile()
                        + " (the broker's log says why)"));
        // without a client certificate, or without TLS, a broken pipe says nothing about certificates
        assertThat(TlsFailures.explain(brokenPipe, "ssl://b:8883", trusting(null))).isEmpty();
        assertThat(TlsFailures.explain(brokenPipe, "tcp://b:1883", valid)).isEmpty();
    }

    @Test
    void shouldGiveTheExpiryDateAlsoWhenTheBrokersCertificateExpiredAlertArrives() {
        // the same rejection when the broker's alert is read before the connection closes (a race in TLS 1.3)
        TlsFiles expired = new TlsFiles(TlsFilesTest.NAMES, pki.ca().certFile(), pki.expiredClient().certFile(),
                pki.expiredClient().keyFile(), null, true);
        IOException alert = new IOException("connect failed",
                new javax.net.ssl.SSLHandshakeException("Received fatal alert: certificate_expired"));

        assertThat(TlsFailures.explain(alert, "ssl://b:8883", expired)).hasValue("MQTT TLS handshake with"
                + " ssl://b:8883 failed: the broker rejected the client certificate: the client certificate in"
                + " mqtt.tls.cert-file=" + pki.expiredClient().certFile() + " expired on "
                + pki.expiredClient().certificate().getNotAfter().toInstant()
                + " (TLS alert certificate_expired from the broker)");
    }

    @Test
    void shouldLeaveOtherFailuresAlone() {
        assertThat(TlsFailures.explain(new IOException("Connection refused"), "ssl://x", trusting(null))).isEmpty();
    }
}
