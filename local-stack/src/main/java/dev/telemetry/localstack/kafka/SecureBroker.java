package dev.telemetry.localstack.kafka;

import dev.telemetry.localstack.support.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The SASL (and optionally TLS) listeners of one embedded broker: their ports, the broker settings that
 * open them, the generated certificate, and the SCRAM credentials, which (unlike PLAIN users) live in the
 * cluster metadata and are created through the Admin API once the broker runs.
 */
final class SecureBroker {

    static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    static final String SSL = "SSL";
    static final String SASL_SSL = "SASL_SSL";
    private static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final int SCRAM_ITERATIONS = 4096;

    private final SecureListeners options;
    private final int saslPort;
    private final int sslPort;
    private final int saslSslPort;
    private final TlsFiles tls;

    private SecureBroker(SecureListeners options, int saslPort, int sslPort, int saslSslPort, TlsFiles tls) {
        this.options = options;
        this.saslPort = saslPort;
        this.sslPort = sslPort;
        this.saslSslPort = saslSslPort;
        this.tls = tls;
    }

    /** Picks free ports and, with TLS, generates the broker's key and certificate in {@code dir}. */
    static SecureBroker prepare(SecureListeners options, Path dir) {
        int sasl = freePort("Kafka SASL listener");
        int ssl = options.tls() ? freePort("Kafka SSL listener") : -1;
        int saslSsl = options.tls() ? freePort("Kafka SASL_SSL listener") : -1;
        TlsFiles tls = options.tls() ? TlsFiles.generate(dir.resolve("tls")) : null;
        return new SecureBroker(options, sasl, ssl, saslSsl, tls);
    }

    private static int freePort(String what) {
        int port = Ports.freePort();
        Ports.ensureFree(port, what);
        return port;
    }

    /** Settings that replace the single-listener ones of {@link EmbeddedKafka#brokerConfig}. */
    Map<String, String> brokerConfig(int plaintextPort, int controllerPort, String controllerListener) {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("PLAINTEXT", address(plaintextPort));
        named.put(SASL_PLAINTEXT, address(saslPort));
        if (tls != null) {
            named.put(SSL, address(sslPort));
            named.put(SASL_SSL, address(saslSslPort));
        }
        List<String> advertised = new ArrayList<>();
        named.forEach((name, address) -> advertised.add(name + "://" + address));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", String.join(",", advertised) + "," + controllerListener + "://" + address(controllerPort));
        p.put("advertised.listeners", String.join(",", advertised));
        List<String> protocols = new ArrayList<>();
        named.keySet().forEach(name -> protocols.add(name + ":" + name));
        p.put("listener.security.protocol.map", String.join(",", protocols) + "," + controllerListener + ":PLAINTEXT");
        p.put("sasl.enabled.mechanisms", String.join(",", MECHANISMS));
        for (String listener : named.keySet()) {
            if (!listener.startsWith("SASL_")) {
                continue;
            }
            String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
            StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            options.users().forEach((user, password) -> plain.append(" user_").append(user).append("=\"")
                    .append(quote(password)).append('"'));
            p.put(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
            for (String scram : List.of("scram-sha-256", "scram-sha-512")) {
                p.put(prefix + scram + ".sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
        }
        if (tls != null) {
            p.put("ssl.keystore.location", tls.keystore().toString());
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.password", tls.password());
            p.put("ssl.key.password", tls.password());
        }
        return p;
    }

    private static String address(int port) {
        return Ports.LOOPBACK + ":" + port;
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Creates every user's SCRAM-SHA-256 and SCRAM-SHA-512 credentials over the PLAINTEXT listener, then waits
     * until the first user can log in with SCRAM-SHA-512 on the SASL listener: the credentials reach the
     * broker's metadata cache a moment after the Admin call returns.
     */
    void createScramUsers(String plaintextBootstrap, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintextBootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-scram-users");
        try (Admin admin = Admin.create(props)) {
            // one request per mechanism: Kafka refuses two alterations of one user in the same request
            for (ScramMechanism m : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                List<UserScramCredentialAlteration> upserts = new ArrayList<>();
                options.users().forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(m, SCRAM_ITERATIONS), password)));
                admin.alterUserScramCredentials(upserts).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create SCRAM users " + options.users().keySet() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM users", e);
        }
        awaitScramLogin(timeout);
    }

    private void awaitScramLogin(Duration timeout) {
        Map.Entry<String, String> user = options.users().entrySet().iterator().next();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, saslBootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-scram-readiness");
        props.put("security.protocol", SASL_PLAINTEXT);
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + quote(user.getKey()) + "\" password=\"" + quote(user.getValue()) + "\";");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            // a new client per attempt: an authentication failure is fatal to the client that saw it
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                        .get(6, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for SCRAM login", e);
            }
        }
        throw new IllegalStateException("SCRAM-SHA-512 login of '" + user.getKey() + "' on " + saslBootstrapServers()
                + " did not succeed within " + timeout.toSeconds() + " s; last error: " + last, last);
    }

    String saslBootstrapServers() {
        return address(saslPort);
    }

    String sslBootstrapServers() {
        return requireTls(sslPort);
    }

    String saslSslBootstrapServers() {
        return requireTls(saslSslPort);
    }

    Path caCertificate() {
        requireTls(sslPort);
        return tls.certificate();
    }

    private String requireTls(int port) {
        if (tls == null) {
            throw new IllegalStateException("this broker has no TLS listeners: start it with SecureListeners.withTls()");
        }
        return address(port);
    }

    /**
     * A self-signed broker certificate for 127.0.0.1 and localhost, made with the JDK's {@code keytool} (no
     * extra library): a PKCS12 key store for the broker and the certificate as PEM for clients to trust.
     */
    record TlsFiles(Path keystore, Path certificate, String password) {

        static TlsFiles generate(Path dir) {
            try {
                Files.createDirectories(dir);
                Path keystore = dir.resolve("broker.p12");
                Path certificate = dir.resolve("ca.pem");
                Files.deleteIfExists(keystore);
                Files.deleteIfExists(certificate);
                String password = "broker-" + Long.toHexString(System.nanoTime());
                keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-validity", "7", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password,
                        "-keypass", password);
                keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                        "-storetype", "PKCS12", "-storepass", password, "-file", certificate.toString());
                return new TlsFiles(keystore, certificate, password);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot generate the broker certificate in " + dir, e);
            }
        }

        private static void keytool(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running keytool", e);
            }
        }

        /** Without the password. */
        @Override
        public String toString() {
            return "TlsFiles[" + keystore + ", " + certificate + "]";
        }
    }
}
