package dev.telemetry.processor.http;

/**
 * A request that gets a JSON error answer: {@code {"error": code, "message": message}} with {@code status}.
 * Thrown by resources, turned into the response by {@link ApiServer}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
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
}
