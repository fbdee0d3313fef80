package dev.telemetry.processor.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PeerClient} over {@link HttpClient}: short connect and request timeouts, and a bounded number of
 * attempts for requests that got no answer at all (connection refused, timeout). An answer, whatever its
 * status, is never retried here: a 503 from the owner goes back to the caller with its Retry-After.
 */
final class HttpPeerClient implements PeerClient {

    private static final Logger log = LoggerFactory.getLogger(HttpPeerClient.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    static final int ATTEMPTS = 2;
    static final Duration BACKOFF = Duration.ofMillis(100);

    private final HttpClient client;

    HttpPeerClient() {
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public PeerResponse get(String hostPort, String pathAndQuery, String authorization) {
        URI uri = target(hostPort, pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header(Forwarding.FORWARDED, "1").GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return toResponse(client.send(request, HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                last = e;
                log.debug("GET {} failed (attempt {} of {}): {}", uri, attempt, ATTEMPTS, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerUnavailableException("interrupted while asking " + hostPort, e);
            }
            if (attempt < ATTEMPTS) {
                pause(hostPort, last);
            }
        }
        throw new PeerUnavailableException("instance " + hostPort + " did not answer (" + ATTEMPTS + " attempts): "
                + last, last);
    }

    /**
     * {@code http://hostPort + pathAndQuery}, refused unless it still addresses {@code hostPort}: the path comes
     * from the caller's request, and a path such as {@code @evil:80/} would otherwise turn the owner's address
     * into user info and send the caller's token elsewhere.
     */
    static URI target(String hostPort, String pathAndQuery) {
        if (!pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")) {
            throw new IllegalArgumentException("a forwarded path must start with a single /");
        }
        URI uri = URI.create("http://" + hostPort + pathAndQuery);
        if (uri.getRawUserInfo() != null || !hostPort.equals(uri.getRawAuthority())) {
            throw new IllegalArgumentException("a forwarded path must not change the target instance " + hostPort);
        }
        return uri;
    }

    private static PeerResponse toResponse(HttpResponse<String> response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return new PeerResponse(response.statusCode(), headers.getOrDefault("content-type", Responses.JSON),
                response.body(), headers);
    }

    private static void pause(String hostPort, IOException cause) {
        try {
            Thread.sleep(BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            PeerUnavailableException unavailable = new PeerUnavailableException(
                    "interrupted while asking " + hostPort, cause);
            unavailable.addSuppressed(e);
            throw unavailable;
        }
    }
}
