package dev.telemetry.processor.http;

import io.javalin.http.Context;

/**
 * Security headers of every JSON and text answer ({@code /api/*}, {@code /health/*}, {@code /metrics}); the
 * dashboard's files carry their own ({@link DashboardAssets}). An API answer is data, never a page: no
 * sniffing it into HTML, no framing, no loading anything, no caching of fleet data by browsers or proxies.
 */
final class ApiHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private ApiHeaders() {
    }

    static boolean applies(String path) {
        return path.startsWith("/api/") || path.startsWith("/health/") || path.equals("/metrics");
    }

    /** The {@code before} handler. */
    static void apply(Context ctx) {
        if (!applies(ctx.path())) {
            return;
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }
}
