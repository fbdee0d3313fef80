package dev.telemetry.processor.http;

import dev.telemetry.processor.events.EventHub;
import dev.telemetry.processor.http.security.ApiSecurity;
import dev.telemetry.processor.query.AlertQueries;
import dev.telemetry.processor.query.DeviceQueries;
import dev.telemetry.processor.query.ReadinessCheck;
import dev.telemetry.processor.query.WindowLookup;
import dev.telemetry.processor.query.WindowQueries;
import dev.telemetry.processor.rules.RuleCatalog;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's HTTP server (Javalin on Jetty). Every answer, errors included, is JSON except
 * {@code /metrics} and the dashboard's files.
 *
 * <table>
 *   <caption>endpoints</caption>
 *   <tr><th>path</th><th>answers</th></tr>
 *   <tr><td>GET /api/v1/devices/{id}</td><td>200 DeviceState; 400 invalid id; 404 unknown device;
 *       503 + Retry-After while the state is not queryable</td></tr>
 *   <tr><td>GET /api/v1/devices/{id}/metrics/{metric}/windows?from=&amp;to=</td><td>200
 *       {@code {"deviceId":...,"metric":...,"windows":[WindowAggregate...]}}, open and closed windows starting in
 *       [from, to]; 400 bad id, metric, from or to; 503 + Retry-After</td></tr>
 *   <tr><td>GET /api/v1/devices?status=&amp;metric=&amp;limit=&amp;cursor=</td><td>200
 *       {@code {"items":[...],"nextCursor":...}} merged from every instance ({@code scope=local}: this instance's
 *       part, with {@code "partitions"}); 400 bad status, metric, limit or cursor; 503 + Retry-After when an
 *       instance does not answer or ownership is moving</td></tr>
 *   <tr><td>GET /api/v1/anomalies?active=true&amp;deviceId=&amp;limit=</td><td>200 {@code {"items":[Anomaly...],
 *       "truncated":...}}: open alerts, newest first, of one device (forwarded to its owner) or of the fleet (merged
 *       from every instance; {@code scope=local}: this instance's part); 400 bad parameter; 503 + Retry-After</td></tr>
 *   <tr><td>GET /api/v1/rules, GET|PUT|DELETE /api/v1/rules/{id}</td><td>the alert rules; see
 *       {@link RuleResource}</td></tr>
 *   <tr><td>GET /api/v1/events?device=&amp;types=</td><td>server-sent events {@code state} and {@code anomaly}; see
 *       {@link EventsResource}</td></tr>
 *   <tr><td>GET /health/live</td><td>200 while the process runs</td></tr>
 *   <tr><td>GET /health/ready</td><td>200 when Kafka Streams is RUNNING and the store is queryable, else 503</td></tr>
 *   <tr><td>GET /metrics</td><td>Prometheus text format</td></tr>
 *   <tr><td>GET /api/v1/pipeline</td><td>200 this instance's health and pipeline figures ({@link PipelineResource})</td></tr>
 *   <tr><td>GET /, /assets/...</td><td>the web dashboard, static files with a strict CSP ({@link DashboardAssets})</td></tr>
 * </table>
 *
 * <p>Device and window queries for a key another instance owns are forwarded to it ({@link Forwarding}); every
 * answer names the instance that produced it in {@code X-Telemetry-Served-By}, and answers from a standby
 * replica ({@code allowStale=true}) carry {@code X-Telemetry-Stale: true}.
 *
 * <p>Device ids may contain {@code /}, so the id is matched with a slash-accepting path parameter.
 *
 * <p>Access ({@link AccessControl}): with {@code api.auth.mode=required} every {@code /api/*} endpoint needs a
 * bearer token, scope {@code read} for GET and {@code write} for changing rules; {@code /health/*},
 * {@code /metrics} and the dashboard's files are open. API answers carry {@link ApiHeaders}; CORS only for the
 * configured origins ({@link Cors}).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final Javalin app;
    private final EventsResource events;

    private ApiServer(Javalin app, EventsResource events) {
        this.app = app;
        this.events = events;
    }

    /**
     * Starts listening, with authentication off; the overloads without an {@link ApiSecurity} are for tests.
     *
     * @param port 0 for any free port; see {@link #port()}
     * @throws RuntimeException (Javalin's) when the port cannot be bound
     */
    static ApiServer start(String host, int port, DeviceQueries queries, ReadinessCheck readiness,
            PrometheusMeterRegistry registry) {
        return start(host, port, queries,
                (device, metric, from, to) -> new WindowLookup.Unavailable("window queries are not served here"),
                readiness, registry);
    }

    /** Starts listening, answering window queries too; other instances reach it at {@code host}. */
    static ApiServer start(String host, int port, DeviceQueries queries, WindowQueries windowQueries,
            ReadinessCheck readiness, PrometheusMeterRegistry registry) {
        return start(host, port, host, queries, windowQueries, readiness, registry, new HttpPeerClient());
    }

    /** As above, also streaming live events from {@code events} at {@code /api/v1/events}. */
    static ApiServer start(String host, int port, String advertisedHost, DeviceQueries queries,
            WindowQueries windowQueries, ReadinessCheck readiness, PrometheusMeterRegistry registry, EventHub events) {
        return start(host, port, advertisedHost, queries, windowQueries, readiness, registry, new HttpPeerClient(),
                events, null, null, ApiSecurity.off());
    }

    /**
     * Starts listening: the processor's HTTP server. Queries for keys another instance owns are forwarded to it over
     * HTTP; open alerts and rules are served when {@code alerts} and {@code rules} are given.
     *
     * @param advertisedHost how other instances reach this one (with the bound port: {@code application.server}),
     *                       named in {@code X-Telemetry-Served-By}
     * @param security       who may call {@code /api/*}, and from which web origins
     * @throws RuntimeException (Javalin's) when the port cannot be bound
     */
    public static ApiServer start(String host, int port, String advertisedHost, DeviceQueries queries,
            WindowQueries windowQueries, ReadinessCheck readiness, PrometheusMeterRegistry registry, EventHub events,
            AlertQueries alerts, RuleCatalog rules, ApiSecurity security) {
        return start(host, port, advertisedHost, queries, windowQueries, readiness, registry, new HttpPeerClient(),
                events, alerts, rules, security);
    }

    static ApiServer start(String host, int port, String advertisedHost, DeviceQueries queries,
            WindowQueries windowQueries, ReadinessCheck readiness, PrometheusMeterRegistry registry,
            PeerClient peers) {
        return start(host, port, advertisedHost, queries, windowQueries, readiness, registry, peers, null, null, null,
                ApiSecurity.off());
    }

    static ApiServer start(String host, int port, String advertisedHost, DeviceQueries queries,
            WindowQueries windowQueries, ReadinessCheck readiness, PrometheusMeterRegistry registry,
            PeerClient peers, EventHub events) {
        return start(host, port, advertisedHost, queries, windowQueries, readiness, registry, peers, events, null,
                null, ApiSecurity.off());
    }

    static ApiServer start(String host, int port, String advertisedHost, DeviceQueries queries,
            WindowQueries windowQueries, ReadinessCheck readiness, PrometheusMeterRegistry registry,
            PeerClient peers, EventHub events, AlertQueries alerts, RuleCatalog rules, ApiSecurity security) {
        AtomicReference<Javalin> started = new AtomicReference<>();
        // the port is known only once bound (port 0); no request is served before that
        Forwarding forwarding = new Forwarding(Objects.requireNonNull(peers, "peers"),
                () -> advertisedHost + ":" + started.get().port());
        WindowResource windows = new WindowResource(Objects.requireNonNull(windowQueries, "windowQueries"),
                forwarding);
        DeviceResource devices = new DeviceResource(Objects.requireNonNull(queries, "queries"), forwarding);
        OpsResource ops = new OpsResource(Objects.requireNonNull(readiness, "readiness"),
                Objects.requireNonNull(registry, "registry"));
        EventsResource stream = events == null ? null : new EventsResource(events);
        AccessControl access = new AccessControl(security.authenticator().orElse(null));
        Cors cors = new Cors(security.corsAllowedOrigins());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // the only bodies are rules, a few hundred bytes; Javalin's default would buffer 1 MB per request
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // a forwarded answer replaces this with the owner's
            config.routes.before(ctx -> ctx.header(Forwarding.SERVED_BY, forwarding.self()));
            config.routes.before(ApiHeaders::apply);
            config.routes.before("/api/*", cors::apply);
            config.routes.beforeMatched(access::check);
            config.routes.get("/api/v1/devices", devices::list, AccessControl.READ);
            // before the slash-accepting device route, which would otherwise swallow this path
            config.routes.get("/api/v1/devices/<id>/metrics/{metric}/windows", windows::get, AccessControl.READ);
            config.routes.get("/api/v1/devices/<id>", devices::get, AccessControl.READ);
            if (stream != null) {
                config.routes.get("/api/v1/events", stream.handler(), AccessControl.READ);
            }
            if (alerts != null) {
                config.routes.get("/api/v1/anomalies", new AnomalyResource(alerts, queries, forwarding)::list,
                        AccessControl.READ);
            }
            if (rules != null) {
                RuleResource ruleResource = new RuleResource(rules);
                config.routes.get("/api/v1/rules", ruleResource::list, AccessControl.READ);
                config.routes.get("/api/v1/rules/{id}", ruleResource::get, AccessControl.READ);
                config.routes.put("/api/v1/rules/{id}", ruleResource::put, AccessControl.WRITE);
                config.routes.delete("/api/v1/rules/{id}", ruleResource::delete, AccessControl.WRITE);
            }
            // open: what orchestrators and Prometheus probe, without credentials
            config.routes.get("/health/live", ops::live);
            config.routes.get("/health/ready", ops::ready);
            config.routes.get("/metrics", ops::metrics);
            config.routes.get("/api/v1/pipeline", new PipelineResource(readiness, registry)::get, AccessControl.READ);
            DashboardAssets.serve(config);
            config.routes.exception(ApiException.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                Responses.error(ctx, e.status(), e.code(), e.getMessage());
            });
            // Javalin's own answers: unknown path (404), wrong method, malformed request
            config.routes.exception(HttpResponseException.class,
                    (e, ctx) -> Responses.error(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                Responses.error(ctx, 500, "internal_error", "unexpected error; see the server log");
            });
        });
        started.set(app);
        app.start(host, port);
        return new ApiServer(app, stream);
    }

    /** The port actually bound, also when 0 was asked for. */
    public int port() {
        return app.port();
    }

    /** Ends the event streams, then stops accepting requests. Idempotent. */
    @Override
    public void close() {
        if (events != null) {
            try {
                events.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        app.stop();
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }
}
