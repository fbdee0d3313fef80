package dev.telemetry.processor.http;

import java.util.Map;

/**
 * A request that gets a JSON error answer: {@code {"error": code, "message": message}} with {@code status}.
 * Thrown by resources, turned into the response by {@link ApiServer}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** With response headers, e.g. {@code WWW-Authenticate} of a 401. */
    ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
