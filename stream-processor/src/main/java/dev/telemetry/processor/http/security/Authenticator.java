package dev.telemetry.processor.http.security;

/** Turns a bearer token into the {@link Caller} it stands for. Implementations are thread-safe. */
public interface Authenticator {

    /**
     * @param token the credentials of {@code Authorization: Bearer <token>}, not blank
     * @throws AuthenticationException when the token is not accepted, saying why
     */
    Caller authenticate(String token) throws AuthenticationException;
}
