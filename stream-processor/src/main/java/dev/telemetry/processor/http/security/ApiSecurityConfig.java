package dev.telemetry.processor.http.security;

import dev.telemetry.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code api.*} keys: who may use the query API and from which web origins. Checked here for form; the files
 * are read by {@link ApiSecurity#load}, at start-up.
 *
 * @param mode               {@code api.auth.mode}
 * @param tokensFile         {@code api.auth.tokens-file}, or null
 * @param jwtPublicKeyFile   {@code api.auth.jwt.public-key-file}, or null
 * @param jwtIssuer          {@code api.auth.jwt.issuer}, or null for any
 * @param jwtAudience        {@code api.auth.jwt.audience}, or null for any
 * @param jwtClockSkew       {@code api.auth.jwt.clock-skew}
 * @param corsAllowedOrigins {@code api.cors.allowed-origins}: exact origins ({@code https://ops.example.com}),
 *                           empty for no CORS at all
 */
public record ApiSecurityConfig(AuthMode mode, Path tokensFile, Path jwtPublicKeyFile, String jwtIssuer,
        String jwtAudience, Duration jwtClockSkew, List<String> corsAllowedOrigins) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public ApiSecurityConfig {
        Objects.requireNonNull(mode, "mode");
        require(jwtClockSkew != null && !jwtClockSkew.isNegative() && jwtClockSkew.compareTo(MAX_CLOCK_SKEW) <= 0,
                "api.auth.jwt.clock-skew", "must be between 0 and " + MAX_CLOCK_SKEW.toMinutes() + "m, got "
                        + jwtClockSkew);
        require((jwtIssuer == null && jwtAudience == null) || jwtPublicKeyFile != null,
                jwtIssuer != null ? "api.auth.jwt.issuer" : "api.auth.jwt.audience",
                "needs api.auth.jwt.public-key-file: without a key no JWT is accepted");
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins == null ? List.of() : corsAllowedOrigins);
        corsAllowedOrigins.forEach(ApiSecurityConfig::checkOrigin);
    }

    /** Authentication off, no CORS: for tests and the local stack. */
    public static ApiSecurityConfig off() {
        return new ApiSecurityConfig(AuthMode.OFF, null, null, null, null, DEFAULT_CLOCK_SKEW, List.of());
    }

    /** Parses {@code api.auth.mode}: {@code required} or {@code off}. */
    public static AuthMode mode(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "required" -> AuthMode.REQUIRED;
            case "off" -> AuthMode.OFF;
            default -> throw new ConfigException("api.auth.mode must be required or off, got '" + raw + "'");
        };
    }

    /** A browser origin as it sends it: scheme, host and port only, no path, no wildcard. */
    private static void checkOrigin(String origin) {
        require(!origin.contains("*"), "api.cors.allowed-origins", "must list exact origins, not patterns: got '"
                + origin + "'");
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw new ConfigException("api.cors.allowed-origins: '" + origin + "' is not an origin: " + e.getMessage());
        }
        boolean exact = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                && uri.getRawUserInfo() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
        require(exact, "api.cors.allowed-origins", "entries must be origins like https://ops.example.com or"
                + " http://localhost:3000 (scheme, host, optional port; no path or trailing slash), got '" + origin + "'");
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigException(key + " " + message);
        }
    }
}
