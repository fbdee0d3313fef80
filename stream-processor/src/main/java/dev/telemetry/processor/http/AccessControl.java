package dev.telemetry.processor.http;

import dev.telemetry.processor.http.security.AuthenticationException;
import dev.telemetry.processor.http.security.Authenticator;
import dev.telemetry.processor.http.security.Caller;
import dev.telemetry.processor.http.security.Scope;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token authorization of the API's endpoints, run before the matched endpoint (so it judges the route
 * Javalin actually chose, whatever the spelling of the path). An endpoint declares the scope it needs as its
 * route role ({@link #READ}, {@link #WRITE}); an endpoint without a role ({@code /health/*}, {@code /metrics},
 * the dashboard's files) is open, since orchestrators and browsers fetch those without credentials. An
 * {@code /api/} endpoint that forgot its role needs {@code write}, the stricter scope.
 *
 * <ul>
 *   <li>no or malformed {@code Authorization}, unknown, expired or otherwise rejected token: 401 with
 *       {@code WWW-Authenticate: Bearer} (RFC 6750), the body saying why, never echoing the token;</li>
 *   <li>a valid token without the endpoint's scope: 403 naming the scope.</li>
 * </ul>
 */
final class AccessControl {

    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    static final RouteRole READ = new Needs(Scope.READ);
    static final RouteRole WRITE = new Needs(Scope.WRITE);
    /** The authenticated {@link Caller} of a request, as a request attribute. */
    static final String CALLER = "telemetry.caller";
    private static final String REALM = "Bearer realm=\"telemetry\"";

    private record Needs(Scope scope) implements RouteRole {
    }

    private final Authenticator authenticator;

    /** @param authenticator null when authentication is off */
    AccessControl(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The {@code beforeMatched} handler. */
    void check(Context ctx) {
        if (authenticator == null) {
            return;
        }
        Scope needed = needed(ctx.routeRoles(), ctx.endpoint() == null ? ctx.path() : ctx.endpoint().path);
        if (needed == null) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "unauthorized", "this endpoint needs a token: send Authorization: Bearer"
                    + " <token> (with scope " + needed.claimName() + ")", Map.of("WWW-Authenticate", REALM));
        }
        if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiException(401, "unauthorized", "the Authorization header must be 'Bearer <token>'",
                    Map.of("WWW-Authenticate", REALM + ", error=\"invalid_request\""));
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(header.substring(7).strip());
        } catch (AuthenticationException e) {
            log.debug("{} {} from {}: token rejected: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            throw new ApiException(401, "unauthorized", e.getMessage(),
                    Map.of("WWW-Authenticate", REALM + ", error=\"invalid_token\""));
        }
        if (!caller.may(needed)) {
            throw new ApiException(403, "forbidden", caller.name() + " lacks scope " + needed.claimName()
                    + ", which " + ctx.method() + " " + ctx.path() + " needs",
                    Map.of("WWW-Authenticate", REALM + ", error=\"insufficient_scope\", scope=\"" + needed.claimName()
                            + "\""));
        }
        ctx.attribute(CALLER, caller);
    }

    /** The scope the endpoint at {@code path} with {@code roles} needs, or null for an open one. */
    static Scope needed(Set<RouteRole> roles, String path) {
        Scope needed = null;
        for (RouteRole role : roles) {
            if (role instanceof Needs n && (needed == null || n.scope() == Scope.WRITE)) {
                needed = n.scope();
            }
        }
        if (needed == null && (path.equals("/api") || path.startsWith("/api/"))) {
            return Scope.WRITE;
        }
        return needed;
    }
}
