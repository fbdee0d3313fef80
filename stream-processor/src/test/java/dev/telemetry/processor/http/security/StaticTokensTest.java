package dev.telemetry.processor.http.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaticTokensTest {

    private static final String TOKEN = "k3y-0123456789abcdef-ops";

    private static String hashed(String token) {
        return "sha256:" + HexFormat.of().formatHex(StaticTokens.sha256(token));
    }

    @Test
    void shouldAcceptHashedAndPlainTokensWithTheirScopesAndNames() throws Exception {
        StaticTokens tokens = StaticTokens.parse(List.of(
                "# comment", "",
                hashed(TOKEN) + "   read,write   # ops team",
                "plain-token-0123456789   read"), "tokens");

        assertThat(tokens.authenticate(TOKEN)).isEqualTo(new Caller("ops team", Set.of(Scope.READ, Scope.WRITE)));
        assertThat(tokens.authenticate("plain-token-0123456789"))
                .isEqualTo(new Caller("token at line 4", Set.of(Scope.READ)));
        assertThat(tokens.plainLines()).containsExactly(4);
        assertThat(tokens.size()).isEqualTo(2);
    }

    @Test
    void shouldAcceptUpperCaseHexDigests() throws Exception {
        StaticTokens tokens = StaticTokens.parse(List.of("sha256:" + hashed(TOKEN).substring(7).toUpperCase()
                + " read"), "tokens");

        assertThat(tokens.authenticate(TOKEN).may(Scope.READ)).isTrue();
    }

    @Test
    void shouldRejectUnknownTokensAndTheHashItself() {
        StaticTokens tokens = StaticTokens.parse(List.of(hashed(TOKEN) + " read"), "tokens");

        assertThatThrownBy(() -> tokens.authenticate(TOKEN + "x")).isInstanceOf(AuthenticationException.class)
                .hasMessage("the bearer token is not a known API token");
        // the file's content is not a credential
        assertThatThrownBy(() -> tokens.authenticate(hashed(TOKEN))).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> tokens.authenticate(hashed(TOKEN).substring(7)))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void shouldNameTheLineOfAMalformedFileWithoutQuotingItsToken() {
        assertThatThrownBy(() -> StaticTokens.parse(List.of(hashed(TOKEN) + " read", "lonely-token-0123456789"),
                "/etc/tokens")).hasMessageStartingWith("/etc/tokens line 2: expected").hasMessageNotContaining("lonely");
        assertThatThrownBy(() -> StaticTokens.parse(List.of("short read"), "t"))
                .hasMessageContaining("line 1: a plain token must have at least 16 characters");
        assertThatThrownBy(() -> StaticTokens.parse(List.of("sha256:abc read"), "t"))
                .hasMessageContaining("line 1: after sha256: expected the 64 hex digits");
        assertThatThrownBy(() -> StaticTokens.parse(List.of(hashed(TOKEN) + " read,admin"), "t"))
                .hasMessageContaining("line 1: unknown scope 'admin'; known: read, write");
        assertThatThrownBy(() -> StaticTokens.parse(List.of(hashed(TOKEN) + " read # a", TOKEN + " write"), "t"))
                .hasMessageContaining("line 2: the same token as 'a'").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> StaticTokens.parse(List.of("# only comments", ""), "t"))
                .hasMessage("t lists no token");
    }
}
