package dev.telemetry.simulator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Creates and deletes the alert scenario's rule through the processor's HTTP API
 * ({@code PUT/DELETE /api/v1/rules/{id}}), with {@code Authorization: Bearer <token>} when a token is set.
 */
final class RuleClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String apiUrl;
    private final String token;

    /**
     * @param apiUrl the processor's base URL, e.g. {@code http://localhost:8080}
     * @param token  the API token, or null/blank for none (the local stack needs none)
     */
    RuleClient(String apiUrl, String token) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.token = token == null || token.isBlank() ? null : token;
    }

    /** The rule's JSON: {@code metric} above {@code threshold} on devices matching {@code devices}, raised at once. */
    static String thresholdRule(String devices, String metric, double threshold) {
        return "{\"description\":\"device-simulator bench: alert latency\",\"devices\":\"" + devices
                + "\",\"metric\":\"" + metric + "\",\"condition\":{\"type\":\"above\",\"threshold\":" + threshold
                + "},\"severity\":\"info\",\"for\":\"0s\",\"clearFor\":\"0s\"}";
    }

    /** Stores the rule; throws with the API's answer when it is refused. */
    void put(String ruleId, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request(ruleId).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("PUT " + uri(ruleId) + " answered " + r.statusCode() + ": " + r.body()
                    + (r.statusCode() == 401 || r.statusCode() == 403
                            ? " (set the API token with --api-token or TELEMETRY_API_TOKEN)" : ""));
        }
    }

    /** Deletes the rule; true when the API confirmed. */
    boolean delete(String ruleId) throws IOException, InterruptedException {
        return send(request(ruleId).DELETE()).statusCode() / 100 == 2;
    }

    private HttpRequest.Builder request(String ruleId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(ruleId)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private URI uri(String ruleId) {
        return URI.create(apiUrl + "/api/v1/rules/" + ruleId);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
