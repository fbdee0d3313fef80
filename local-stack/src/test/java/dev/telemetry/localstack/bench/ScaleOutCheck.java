package dev.telemetry.localstack.bench;

import dev.telemetry.model.DeviceState;
import dev.telemetry.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every device of the fleet through one processor instance's API ({@code GET /api/v1/devices/{id}}, answered
 * locally or forwarded to the owner), compared with the oracle: how many devices differ, how many readings were
 * counted more than once ({@code counters.accepted} above what was published) or not at all, and how many
 * redeliveries the processor recognised as duplicates and kept out of the state ({@code counters.duplicates}).
 */
record ScaleOutCheck(int devices, long mismatches, long countedTwice, long notCounted, long duplicatesRecognised,
        List<String> examples) {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static ScaleOutCheck run(ScaleOutFleet fleet, int port) throws InterruptedException {
        long mismatches = 0;
        long twice = 0;
        long notCounted = 0;
        long recognised = 0;
        List<String> examples = new ArrayList<>();
        for (int d = 0; d < fleet.devices(); d++) {
            String device = ScaleOutFleet.deviceId(d);
            String problem;
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/devices/" + device))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    problem = "HTTP " + response.statusCode();
                } else {
                    DeviceState state = Json.mapper().readValue(response.body(), DeviceState.class);
                    ScaleOutFleet.Comparison c = fleet.compare(d, state);
                    twice += c.acceptedExcess();
                    notCounted += c.acceptedMissing();
                    recognised += state.counters().duplicates();
                    problem = c.matches() ? null : c.difference();
                }
            } catch (IOException e) {
                problem = "request failed: " + e;
            }
            if (problem != null) {
                mismatches++;
                if (examples.size() < 10) {
                    examples.add(device + ": " + problem);
                }
            }
        }
        return new ScaleOutCheck(fleet.devices(), mismatches, twice, notCounted, recognised, List.copyOf(examples));
    }
}
