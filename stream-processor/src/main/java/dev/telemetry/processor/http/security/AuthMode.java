package dev.telemetry.processor.http.security;

/** {@code api.auth.mode}: whether the query API asks for a bearer token. */
public enum AuthMode {
    /** Every {@code /api/} request needs a valid token with the right scope (the default). */
    REQUIRED,
    /** Nobody is asked for anything: only for a processor that nobody else can reach (the local stack). */
    OFF
}
