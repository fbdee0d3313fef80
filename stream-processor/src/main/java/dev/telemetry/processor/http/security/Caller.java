package dev.telemetry.processor.http.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as far as the API knows: a name for logs (the token file's comment, or the JWT's
 * {@code sub}), never the token itself, and the scopes granted.
 */
public record Caller(String name, Set<Scope> scopes) {

    public Caller {
        Objects.requireNonNull(name, "name");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
