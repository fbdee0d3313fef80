package dev.telemetry.processor.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web dashboard: static files from the classpath ({@code /dashboard} in the jar), {@code /} answering
 * {@code index.html} and {@code /assets/...} the scripts, styles and icon. Nothing is fetched from elsewhere and
 * nothing is generated at build time.
 *
 * <p>Every dashboard file carries a Content-Security-Policy that allows scripts, styles and connections from this
 * origin only, with no inline script or style: the page's code builds the DOM with {@code textContent}, so a
 * device-controlled string that slipped through as markup would still not run. The files have no content hash
 * in their names, so browsers revalidate them on every load ({@code no-cache}; the ETag makes that a 304).
 */
final class DashboardAssets {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'self'; object-src 'none'";

    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            // for browsers that predate frame-ancestors
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-cache");

    private DashboardAssets() {
    }

    static void serve(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
            files.headers = HEADERS;
        });
    }
}
