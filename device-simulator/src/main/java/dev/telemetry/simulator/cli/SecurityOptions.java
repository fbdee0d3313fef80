package dev.telemetry.simulator.cli;

import dev.telemetry.net.TlsFiles;
import dev.telemetry.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * TLS and the password from a file: {@code --ca-file}, {@code --cert-file}/{@code --key-file}
 * (mutual TLS), {@code --key-password-file}, {@code --insecure-skip-hostname-verify} and
 * {@code --password-file}. TLS needs an {@code ssl://} or {@code wss://} URL.
 */
public final class SecurityOptions {

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the MQTT password from FILE (trimmed), e.g. a mounted secret; not with --password.")
    Path passwordFile;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "PEM CA certificate(s) the broker's certificate must chain to (default: the JVM's trust"
                    + " store). Needs an ssl:// or wss:// URL.")
    Path caFile;

    @Option(names = "--cert-file", paramLabel = "FILE",
            description = "PEM client certificate (chain, leaf first) for mutual TLS; with --key-file.")
    Path certFile;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "PEM private key of --cert-file: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), maybe encrypted.")
    Path keyFile;

    @Option(names = "--key-password-file", paramLabel = "FILE",
            description = "File holding the password of an encrypted --key-file.")
    Path keyPasswordFile;

    @Option(names = "--insecure-skip-hostname-verify",
            description = "Accept a broker certificate that does not name the URL's host (any certificate from a"
                    + " trusted CA is accepted: test setups only).")
    boolean skipHostnameVerify;

    /**
     * The password: {@code --password} (or MQTT_PASSWORD), or the content of {@code --password-file}.
     *
     * @throws IllegalArgumentException when both are given or the file cannot be read
     */
    public String password(String direct) {
        if (passwordFile == null) {
            return direct;
        }
        if (direct != null && !direct.isEmpty()) {
            throw new IllegalArgumentException("give either --password (or MQTT_PASSWORD) or --password-file, not both");
        }
        return readSecret(passwordFile, "--password-file");
    }

    /** The TLS options; a file is only read when the run starts. */
    public TlsFiles tls() {
        String keyPassword = keyPasswordFile == null ? null : readSecret(keyPasswordFile, "--key-password-file");
        try {
            return new TlsFiles(SimulatorConfig.TLS_OPTIONS, caFile, certFile, keyFile, keyPassword,
                    !skipHostnameVerify);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String readSecret(Path file, String option) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }
}
