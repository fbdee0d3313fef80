package dev.telemetry.processor.http.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiSecurityTest {

    @TempDir
    Path dir;

    private static ApiSecurityConfig required(Path tokens, Path key) {
        return new ApiSecurityConfig(AuthMode.REQUIRED, tokens, key, null, null, Duration.ofSeconds(30), List.of());
    }

    @Test
    void shouldRefuseToStartWithAuthRequiredButNothingToCheckTokensWith() {
        assertThatThrownBy(() -> ApiSecurity.load(required(null, null))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("api.auth.mode is required")
                .hasMessageContaining("api.auth.tokens-file")
                .hasMessageContaining("api.auth.jwt.public-key-file")
                .hasMessageContaining("api.auth.mode=off");
    }

    @Test
    void shouldNameTheKeyOfAnUnreadableOrMalformedFile() throws Exception {
        Path missing = dir.resolve("missing");
        Path badTokens = Files.writeString(dir.resolve("tokens"), "tiny read\n");
        Path privateKey = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> ApiSecurity.load(required(missing, null)))
                .hasMessageStartingWith("api.auth.tokens-file: cannot read " + missing);
        assertThatThrownBy(() -> ApiSecurity.load(required(badTokens, null)))
                .hasMessageStartingWith("api.auth.tokens-file: " + badTokens + " line 1");
        assertThatThrownBy(() -> ApiSecurity.load(required(null, privateKey)))
                .hasMessageStartingWith("api.auth.jwt.public-key-file " + privateKey)
                .hasMessageContaining("this is a private key");
    }

    @Test
    void shouldAcceptAnEcKeyAndNeedNothingWhenOff() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        Path key = Files.writeString(dir.resolve("ec.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        assertThat(ApiSecurity.load(required(null, key)).authenticator()).isPresent();
        assertThat(ApiSecurity.load(ApiSecurityConfig.off()).authenticator()).isEmpty();
        assertThat(ApiSecurity.load(ApiSecurityConfig.off()).mode()).isEqualTo(AuthMode.OFF);
    }

    @Test
    void shouldRefuseWeakRsaKeys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Path key = Files.writeString(dir.resolve("weak.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        assertThatThrownBy(() -> ApiSecurity.load(required(null, key))).hasMessageContaining("1024 bits is too weak");
    }

    @Test
    void shouldOnlyAcceptExactCorsOrigins() {
        for (String bad : List.of("*", "https://*.example.com", "https://ops.example.com/", "ops.example.com",
                "ftp://ops.example.com", "https://ops.example.com/path", "https://user@ops.example.com")) {
            assertThatThrownBy(() -> new ApiSecurityConfig(AuthMode.OFF, null, null, null, null, Duration.ZERO,
                    List.of(bad))).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("api.cors.allowed-origins");
        }
        assertThat(new ApiSecurityConfig(AuthMode.OFF, null, null, null, null, Duration.ZERO,
                List.of("https://ops.example.com", "http://localhost:3000")).corsAllowedOrigins()).hasSize(2);
    }

    @Test
    void shouldRefuseJwtClaimsWithoutAKeyAndAHugeClockSkew() {
        assertThatThrownBy(() -> new ApiSecurityConfig(AuthMode.REQUIRED, null, null, "https://idp", null,
                Duration.ZERO, List.of())).hasMessageStartingWith("api.auth.jwt.issuer needs api.auth.jwt.public-key-file");
        assertThatThrownBy(() -> new ApiSecurityConfig(AuthMode.REQUIRED, null, Path.of("k"), null, null,
                Duration.ofHours(1), List.of())).hasMessageStartingWith("api.auth.jwt.clock-skew must be between");
    }
}
