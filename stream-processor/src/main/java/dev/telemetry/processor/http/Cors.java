package dev.telemetry.processor.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access to the API, off unless {@code api.cors.allowed-origins} lists origins. A listed origin gets
 * its own name back in {@code Access-Control-Allow-Origin} (never {@code *}), with {@code Vary: Origin} so caches
 * keep answers per origin; credentials travel in the {@code Authorization} header, not in cookies, so
 * {@code Access-Control-Allow-Credentials} is never sent. Any other origin gets no CORS header, and the browser
 * withholds the answer from its script. Preflights ({@code OPTIONS} with {@code Access-Control-Request-Method})
 * are answered here, before authorization: browsers send them without credentials.
 */
final class Cors {

    static final String ALLOW_METHODS = "GET, PUT, DELETE";
    static final String ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID";
    static final String EXPOSE_HEADERS = Forwarding.SERVED_BY + ", " + Forwarding.STALE + ", Retry-After, Location";
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;

    Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** The {@code before} handler, for {@code /api/*}. */
    void apply(Context ctx) {
        if (origins.isEmpty()) {
            return;
        }
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin == null || !origins.contains(origin)) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        if ("OPTIONS".equals(ctx.method().name()) && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", ALLOW_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
            ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
