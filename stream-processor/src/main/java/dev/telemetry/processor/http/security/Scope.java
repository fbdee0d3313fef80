package dev.telemetry.processor.http.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller of the query API may do. {@link #READ}: every GET under {@code /api/}; {@link #WRITE}: changing
 * the alert rules (PUT, DELETE). The two are independent: a client that writes rules and reads them back needs both.
 */
public enum Scope {
    READ,
    WRITE;

    /** The scope's name in token files and JWT claims: {@code read}, {@code write}. */
    public String claimName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code name} ({@code read}, {@code write}), or empty for any other name. */
    public static Optional<Scope> fromClaim(String name) {
        for (Scope s : values()) {
            if (s.claimName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
