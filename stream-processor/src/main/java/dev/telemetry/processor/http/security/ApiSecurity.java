package dev.telemetry.processor.http.security;

import dev.telemetry.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API's access rules, ready to use: the {@link Authenticator} built from the configured token file and
 * JWT key (both may be set; a token is tried against the file first), and the allowed CORS origins.
 */
public final class ApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

    private final AuthMode mode;
    private final Authenticator authenticator;
    private final List<String> corsAllowedOrigins;

    private ApiSecurity(AuthMode mode, Authenticator authenticator, List<String> corsAllowedOrigins) {
        this.mode = mode;
        this.authenticator = authenticator;
        this.corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    }

    /** No authentication, no CORS. */
    public static ApiSecurity off() {
        return new ApiSecurity(AuthMode.OFF, null, List.of());
    }

    /** Requires a token, accepted by {@code authenticator}; for tests and embedding. */
    public static ApiSecurity required(Authenticator authenticator, List<String> corsAllowedOrigins) {
        return new ApiSecurity(AuthMode.REQUIRED, authenticator, corsAllowedOrigins);
    }

    /**
     * Reads the token file and the JWT key.
     *
     * @throws ConfigException naming the key when a file cannot be read or is malformed, or when
     *         {@code api.auth.mode=required} and neither a token file nor a JWT key is configured
     */
    public static ApiSecurity load(ApiSecurityConfig cfg) {
        if (cfg.mode() == AuthMode.OFF) {
            return new ApiSecurity(AuthMode.OFF, null, cfg.corsAllowedOrigins());
        }
        if (cfg.tokensFile() == null && cfg.jwtPublicKeyFile() == null) {
            throw new ConfigException("api.auth.mode is required (the default), but neither api.auth.tokens-file nor"
                    + " api.auth.jwt.public-key-file is set, so no request could be authorized: set one or both,"
                    + " or set api.auth.mode=off to let anyone who reaches http.port read the fleet and change rules");
        }
        StaticTokens tokens = null;
        if (cfg.tokensFile() != null) {
            try {
                tokens = StaticTokens.parse(read(cfg.tokensFile(), "api.auth.tokens-file"), cfg.tokensFile().toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("api.auth.tokens-file: " + e.getMessage(), e);
            }
            if (!tokens.plainLines().isEmpty()) {
                log.warn("{} stores plain tokens at lines {}: store sha256:<hex> instead (printf %s \"$TOKEN\" |"
                        + " sha256sum), so that the file holds nothing a reader could use", cfg.tokensFile(),
                        tokens.plainLines());
            }
        }
        JwtVerifier jwt = null;
        if (cfg.jwtPublicKeyFile() != null) {
            String pem = String.join("\n", read(cfg.jwtPublicKeyFile(), "api.auth.jwt.public-key-file"));
            try {
                jwt = JwtVerifier.fromPem(pem, cfg.jwtIssuer(), cfg.jwtAudience(), cfg.jwtClockSkew());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("api.auth.jwt.public-key-file " + cfg.jwtPublicKeyFile() + ": "
                        + e.getMessage(), e);
            }
        }
        log.info("API authentication required: {}{}{}", tokens == null ? "" : tokens.size() + " static token(s)",
                tokens != null && jwt != null ? " and " : "", jwt == null ? "" : "JWTs signed by "
                        + cfg.jwtPublicKeyFile() + (cfg.jwtIssuer() == null ? "" : " from " + cfg.jwtIssuer()));
        return new ApiSecurity(AuthMode.REQUIRED, either(tokens, jwt), cfg.corsAllowedOrigins());
    }

    public AuthMode mode() {
        return mode;
    }

    /** Empty when authentication is off. */
    public Optional<Authenticator> authenticator() {
        return Optional.ofNullable(authenticator);
    }

    public List<String> corsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    /** Static tokens first (a hash lookup), then, for what looks like a JWT, the signature check. */
    private static Authenticator either(StaticTokens tokens, JwtVerifier jwt) {
        if (jwt == null) {
            return tokens;
        }
        if (tokens == null) {
            return jwt;
        }
        return token -> {
            try {
                return tokens.authenticate(token);
            } catch (AuthenticationException notStatic) {
                if (token.chars().filter(c -> c == '.').count() != 2) {
                    throw new AuthenticationException("the bearer token is neither a known API token nor a JWT");
                }
                return jwt.authenticate(token);
            }
        };
    }

    private static List<String> read(Path file, String key) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }
}
