package dev.telemetry.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.net.TestPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --ca-file}, {@code --cert-file}, {@code --key-file}, {@code --password-file} and friends. */
class SimulatorTlsOptionsTest {

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create(dir);
    }

    private static SimulatorConfig parse(String... args) {
        CommandLine cmd = SimulatorMain.commandLine();
        cmd.parseArgs(args);
        SimulatorMain main = cmd.getCommand();
        return main.toConfig();
    }

    @Test
    void shouldParseTheTlsOptions() throws IOException {
        Path keyPassword = Files.writeString(dir.resolve("key-pw"), "k3y\n");

        SimulatorConfig cfg = parse("--mqtt-url", "ssl://broker:8883", "--ca-file", pki.ca().certFile().toString(),
                "--cert-file", pki.client().certFile().toString(), "--key-file", pki.client().keyFile().toString(),
                "--key-password-file", keyPassword.toString(), "--insecure-skip-hostname-verify");

        assertThat(cfg.tls().caFile()).isEqualTo(pki.ca().certFile());
        assertThat(cfg.tls().certFile()).isEqualTo(pki.client().certFile());
        assertThat(cfg.tls().keyFile()).isEqualTo(pki.client().keyFile());
        assertThat(cfg.tls().keyPassword()).isEqualTo("k3y");
        assertThat(cfg.tls().verifyHostname()).isFalse();
        assertThat(cfg.toString()).contains("--key-password-file=****").doesNotContain("k3y");
        assertThat(parse("--mqtt-url", "ssl://broker:8883").tls().isConfigured()).isFalse();
        assertThat(parse().tls().verifyHostname()).isTrue();
    }

    @Test
    void shouldReadThePasswordFromAFileButNotTogetherWithPassword() throws IOException {
        Path file = Files.writeString(dir.resolve("mqtt-pw"), "  from-file \n");

        assertThat(parse("--username", "dev", "--password-file", file.toString()).password()).isEqualTo("from-file");
        assertThatThrownBy(() -> parse("--password", "x", "--password-file", file.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("either --password (or MQTT_PASSWORD) or --password-file");
        assertThatThrownBy(() -> parse("--password-file", dir.resolve("missing").toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--password-file: cannot read");
    }

    @Test
    void shouldRefuseTlsOptionsThatCannotWork() {
        assertThatThrownBy(() -> parse("--mqtt-url", "tcp://broker:1883", "--ca-file", pki.ca().certFile().toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--ca-file is set but --mqtt-url 'tcp://broker:1883' does not use TLS");
        assertThatThrownBy(() -> parse("--mqtt-url", "ssl://broker:8883", "--cert-file",
                pki.client().certFile().toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--cert-file is set without --key-file");
    }

    @Test
    void shouldNameTheOptionOfAnUnreadableFileAndExitWithOne() {
        Path missing = dir.resolve("no-ca.pem");
        StringWriter err = new StringWriter();
        CommandLine cmd = SimulatorMain.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));

        int exitCode = cmd.execute("--mqtt-url", "ssl://127.0.0.1:1", "--ca-file", missing.toString(), "--count", "3",
                "--progress", "0s");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("--ca-file=" + missing + ": no such file");
    }
}
