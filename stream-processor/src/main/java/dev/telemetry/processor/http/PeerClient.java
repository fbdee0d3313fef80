package dev.telemetry.processor.http;

import java.util.Map;
import java.util.Optional;

/** Asks another instance of the processor over HTTP. {@link HttpPeerClient} in production, fakes in tests. */
interface PeerClient {

    /**
     * {@code GET http://hostPort + pathAndQuery} with the {@link Forwarding#FORWARDED} header and the caller's
     * {@code Authorization}: the peer checks the caller's token itself, so forwarding grants nothing the caller
     * does not have.
     *
     * @param hostPort      the instance's {@code application.server}, {@code host:port}, from Kafka Streams'
     *                      metadata (never from the request)
     * @param pathAndQuery  raw (still percent-encoded) path and query, starting with {@code /}
     * @param authorization the caller's {@code Authorization} header, or null when it sent none
     * @throws PeerUnavailableException when the instance did not answer (after bounded retries)
     * @throws IllegalArgumentException when {@code pathAndQuery} would address another host
     */
    PeerResponse get(String hostPort, String pathAndQuery, String authorization);

    /**
     * What the instance answered.
     *
     * @param headers response headers by lower-case name (first value)
     */
    record PeerResponse(int status, String contentType, String body, Map<String, String> headers) {
        public PeerResponse {
            headers = Map.copyOf(headers);
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** The instance did not answer: refused, timed out, or the request was interrupted. */
    final class PeerUnavailableException extends RuntimeException {
        PeerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
