package dev.telemetry.processor.http;

import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * Sends a request on to the instance that can answer it, and relays the answer. A forwarded request carries
 * {@link #FORWARDED}; an instance that receives one answers from its own stores or with 503, never forwards it
 * again, so a request crosses at most one hop even while instances disagree about who owns what.
 *
 * <p>The target is always an instance Kafka Streams' metadata names ({@code application.server} of a member,
 * via {@code queryMetadataForKey} or {@code metadataForAllStreamsClients}); nothing in the request (Host,
 * headers, parameters) chooses it. The caller's {@code Authorization} goes along and the owner checks it again.
 */
final class Forwarding {

    /** Request header: this request was forwarded by another instance. */
    static final String FORWARDED = "X-Telemetry-Forwarded";
    /** Response header: {@code host:port} ({@code application.server}) of the instance that answered. */
    static final String SERVED_BY = "X-Telemetry-Served-By";
    /** Response header, {@code true} when the answer came from a standby replica or a restoring store. */
    static final String STALE = "X-Telemetry-Stale";
    private static final String RETRY_AFTER = "Retry-After";

    private final PeerClient peers;
    private final Supplier<String> self;

    Forwarding(PeerClient peers, Supplier<String> self) {
        this.peers = peers;
        this.self = self;
    }

    /** This instance's {@code host:port}, as other instances reach it. */
    String self() {
        return self.get();
    }

    static boolean isForwarded(Context ctx) {
        return ctx.header(FORWARDED) != null;
    }

    PeerClient peers() {
        return peers;
    }

    /**
     * Answers {@code ctx} with what the instance at {@code host:port} answers to the same request, or with 503
     * when it does not answer, or when this request was itself forwarded.
     */
    void forward(Context ctx, String host, int port, String what) {
        String target = host + ":" + port;
        if (isForwarded(ctx)) {
            Responses.unavailable(ctx, what + " is owned by " + target + ", not by this instance (" + self()
                    + "), which received it forwarded: ownership is moving (rebalance)");
            return;
        }
        String query = ctx.queryString();
        String pathAndQuery = ctx.req().getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
        PeerClient.PeerResponse answer;
        try {
            answer = peers.get(target, pathAndQuery, ctx.header("Authorization"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("this request cannot be forwarded to " + target + ": " + e.getMessage());
        } catch (PeerClient.PeerUnavailableException e) {
            Responses.unavailable(ctx, what + " is owned by " + target + ", which does not answer: " + e.getMessage());
            return;
        }
        ctx.header(SERVED_BY, answer.header(SERVED_BY).orElse(target));
        answer.header(STALE).ifPresent(v -> ctx.header(STALE, v));
        answer.header(RETRY_AFTER).ifPresent(v -> ctx.header(RETRY_AFTER, v));
        ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body() == null ? "" : answer.body());
    }
}
