package dev.telemetry.processor.http.security;

/**
 * A bearer token was not accepted. The message says why (unknown token, expired, wrong audience...) and never
 * contains the token: it goes back to the caller in the 401 body and into the log.
 */
public final class AuthenticationException extends Exception {

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
