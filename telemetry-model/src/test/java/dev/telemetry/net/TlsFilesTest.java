package dev.telemetry.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {

    static final TlsFiles.Names NAMES = new TlsFiles.Names("mqtt.url", "mqtt.tls.ca-file", "mqtt.tls.cert-file",
            "mqtt.tls.key-file", "mqtt.tls.key-password", "mqtt.tls.verify-hostname");

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create(dir);
    }

    private static TlsFiles files(Path ca, Path cert, Path key, String password) {
        return new TlsFiles(NAMES, ca, cert, key, password, true);
    }

    @Test
    void shouldLoadACaFileAndAPkcs8ClientKey() {
        TlsFiles.Loaded loaded = files(pki.ca().certFile(), pki.client().certFile(), pki.client().keyFile(), null)
                .load();

        assertThat(loaded.clientCertificate()).isEqualTo(pki.client().certificate());
        assertThat(loaded.socketFactory()).isNotNull();
        assertThat(loaded.clientCertificateProblem(Instant.now())).isEmpty();
    }

    @Test
    void shouldLoadAnRsaKeyInPkcs1Form() throws IOException {
        TestPki.Issued rsa = pki.rsaClientPkcs1();
        assertThat(Files.readString(rsa.keyFile())).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(files(null, rsa.certFile(), rsa.keyFile(), null).load().clientCertificate())
                .isEqualTo(rsa.certificate());
    }

    @Test
    void shouldLoadAnEcKeyInSec1Form() throws IOException {
        Path sec1 = pki.writeSec1Key("client-sec1.pem", pki.client().key());
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThat(files(null, pki.client().certFile(), sec1, null).load().clientCertificate())
                .isEqualTo(pki.client().certificate());
    }

    @Test
    void shouldDecryptEncryptedKeysWithTheKeyPassword() {
        Path pkcs8 = pki.writeEncryptedPkcs8("client-enc.pem", pki.client().key(), "s3cret");
        Path legacy = pki.writeLegacyEncrypted("client-legacy.pem", pki.client().key(), "s3cret");

        assertThat(files(null, pki.client().certFile(), pkcs8, "s3cret").load().clientCertificate()).isNotNull();
        assertThat(files(null, pki.client().certFile(), legacy, "s3cret").load().clientCertificate()).isNotNull();
    }

    @Test
    void shouldAskForTheKeyPasswordWhenTheKeyIsEncrypted() {
        Path pkcs8 = pki.writeEncryptedPkcs8("client-enc2.pem", pki.client().key(), "s3cret");

        assertThatThrownBy(() -> files(null, pki.client().certFile(), pkcs8, null).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.tls.key-file=" + pkcs8)
                .hasMessageContaining("encrypted private key: set mqtt.tls.key-password");
    }

    @Test
    void shouldSayWhenTheKeyPasswordIsWrongWithoutPrintingIt() {
        Path pkcs8 = pki.writeEncryptedPkcs8("client-enc3.pem", pki.client().key(), "s3cret");

        assertThatThrownBy(() -> files(null, pki.client().certFile(), pkcs8, "wrong-one").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be decrypted with mqtt.tls.key-password")
                .hasMessageNotContaining("wrong-one");
    }

    @Test
    void shouldRefuseAKeyThatDoesNotBelongToTheCertificate() {
        assertThatThrownBy(() -> files(null, pki.client().certFile(), pki.expiredClient().keyFile(), null).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.tls.key-file=" + pki.expiredClient().keyFile()
                        + " is not the private key of the certificate in mqtt.tls.cert-file=" + pki.client().certFile());
    }

    @Test
    void shouldNameTheOptionOfAMissingFile() {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> files(missing, null, null, null).load())
                .isInstanceOf(ConfigException.class).hasMessage("mqtt.tls.ca-file=" + missing + ": no such file");
        assertThatThrownBy(() -> files(null, pki.client().certFile(), missing, null).load())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.tls.key-file=" + missing);
    }

    @Test
    void shouldRefuseFilesWithoutTheExpectedPemBlocks() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");

        assertThatThrownBy(() -> files(pki.client().keyFile(), null, null, null).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.tls.ca-file=" + pki.client().keyFile() + " holds no PEM certificate");
        assertThatThrownBy(() -> files(null, pki.client().certFile(), pki.client().certFile(), null).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must hold exactly one PEM private key").hasMessageContaining("found 0");
        assertThatThrownBy(() -> files(garbage, null, null, null).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("holds no PEM certificate");
    }

    @Test
    void shouldRequireTheCertificateAndTheKeyTogether() {
        assertThatThrownBy(() -> files(null, pki.client().certFile(), null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("mqtt.tls.cert-file is set without mqtt.tls.key-file");
        assertThatThrownBy(() -> files(null, null, pki.client().keyFile(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("mqtt.tls.key-file is set without mqtt.tls.cert-file");
        assertThatThrownBy(() -> files(null, null, null, "pw"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mqtt.tls.key-password is set without mqtt.tls.key-file");
    }

    @Test
    void shouldRefuseTlsOptionsOnAPlainUrl() {
        TlsFiles tls = files(pki.ca().certFile(), null, null, null);

        assertThatThrownBy(() -> tls.requireTlsUrl("tcp://broker:1883", "tcp"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("mqtt.tls.ca-file is set but mqtt.url 'tcp://broker:1883' does not use TLS");
        tls.requireTlsUrl("ssl://broker:8883", "ssl");
        tls.requireTlsUrl("wss://broker:443", "wss");
        TlsFiles.none(NAMES).requireTlsUrl("tcp://broker:1883", "tcp");
    }

    @Test
    void shouldWarnAboutAnExpiredClientCertificate() {
        TlsFiles expired = files(null, pki.expiredClient().certFile(), pki.expiredClient().keyFile(), null);

        assertThat(expired.load().clientCertificateProblem(Instant.now()))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("mqtt.tls.cert-file=" + pki.expiredClient().certFile())
                        .contains("expired on " + pki.expiredClient().certificate().getNotAfter().toInstant()));
    }

    @Test
    void shouldNeverPrintTheKeyPassword() {
        assertThat(files(null, pki.client().certFile(), pki.client().keyFile(), "s3cret").toString())
                .contains("mqtt.tls.key-password=****").doesNotContain("s3cret");
    }
}
