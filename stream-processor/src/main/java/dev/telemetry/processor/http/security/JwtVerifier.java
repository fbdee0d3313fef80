package dev.telemetry.processor.http.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accepts JWTs signed by the one configured public key ({@code api.auth.jwt.public-key-file}), as an identity
 * provider issues them. Nimbus JOSE+JWT does the parsing and the checks:
 *
 * <ul>
 *   <li>the signature, with only the algorithms of the key's type ({@code RS*}/{@code PS*} for RSA, the
 *       {@code ES*} of its curve for EC): {@code none} and HMAC with the public key as secret are refused;</li>
 *   <li>{@code exp} is required (no everlasting tokens), {@code exp} and {@code nbf} with the configured clock
 *       skew;</li>
 *   <li>{@code iss} equal to {@code api.auth.jwt.issuer} and {@code aud} containing {@code api.auth.jwt.audience},
 *       each when configured.</li>
 * </ul>
 *
 * Scopes come from {@code scope} (space-separated, RFC 8693) or {@code scp} (a string or a list); names other
 * than {@code read} and {@code write} are ignored, since an identity provider's tokens often carry scopes for
 * other services.
 */
public final class JwtVerifier implements Authenticator {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param issuer   the required {@code iss}, or null for any
     * @param audience a required {@code aud} value, or null for any
     * @throws IllegalArgumentException for a key that is neither RSA nor EC on P-256, P-384 or P-521
     */
    public JwtVerifier(PublicKey key, String issuer, String audience, Duration clockSkew) {
        Set<JWSAlgorithm> allowed = algorithms(key);
        List<Key> keys = List.of(key);
        processor.setJWSKeySelector((header, context) -> allowed.contains(header.getAlgorithm()) ? keys : List.of());
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (issuer != null) {
            exact.issuer(issuer);
        }
        Set<String> required = new HashSet<>(Set.of("exp"));
        if (issuer != null) {
            required.add("iss");
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audience == null ? null : Set.of(audience), exact.build(), required, null);
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Reads the key from PEM text; see {@link PublicKeys#fromPem}. */
    public static JwtVerifier fromPem(String pem, String issuer, String audience, Duration clockSkew) {
        return new JwtVerifier(PublicKeys.fromPem(pem), issuer, audience, clockSkew);
    }

    @Override
    public Caller authenticate(String token) throws AuthenticationException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new AuthenticationException("the bearer token is not a valid JWT", e);
        } catch (BadJOSEException e) {
            // Nimbus' messages name the failed check (expired, audience, issuer, signature), never the token
            throw new AuthenticationException("the JWT was rejected: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new AuthenticationException("the JWT could not be verified: " + e.getMessage(), e);
        }
        String subject = claims.getSubject();
        return new Caller(subject == null ? "JWT without sub" : "JWT sub=" + subject, scopes(claims));
    }

    static Set<Scope> scopes(JWTClaimsSet claims) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Object scope = claims.getClaim("scope");
        Object scp = claims.getClaim("scp");
        for (Object claim : new Object[] {scope, scp}) {
            if (claim instanceof String s) {
                for (String name : s.trim().split("\\s+")) {
                    Scope.fromClaim(name).ifPresent(scopes::add);
                }
            } else if (claim instanceof List<?> list) {
                list.forEach(name -> Scope.fromClaim(String.valueOf(name)).ifPresent(scopes::add));
            }
        }
        return scopes;
    }

    private static Set<JWSAlgorithm> algorithms(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
                    JWSAlgorithm.PS384, JWSAlgorithm.PS512);
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (Curve.P_256.equals(curve)) {
                return Set.of(JWSAlgorithm.ES256);
            }
            if (Curve.P_384.equals(curve)) {
                return Set.of(JWSAlgorithm.ES384);
            }
            if (Curve.P_521.equals(curve)) {
                return Set.of(JWSAlgorithm.ES512);
            }
            throw new IllegalArgumentException("an EC key on " + curve + ": only P-256, P-384 and P-521 are used"
                    + " with JWS (ES256, ES384, ES512)");
        }
        throw new IllegalArgumentException("a " + key.getAlgorithm() + " key: only RSA and EC keys are supported");
    }
}
