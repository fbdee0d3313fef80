package dev.telemetry.simulator.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One replay. Validated on construction; an {@link IllegalArgumentException} names the option.
 *
 * @param file        a {@code --record} file, or a CSV / JSON / JSON-lines dataset
 * @param input       {@code auto} (a recording when the first line is one, else by extension: {@code .csv},
 *                    {@code .txt} CSV, anything else JSON), {@code recording}, {@code csv} or {@code json}
 * @param mapping     the dataset's columns; null for a recording
 * @param limit       replay at most this many dataset rows (0: all); recordings are replayed whole
 * @param speed       1 original pace, 10 ten times faster, {@link Double#POSITIVE_INFINITY} as fast as possible
 * @param shiftToNow  datasets only: event times become the replay's own (see {@link ReplaySchedule})
 * @param topicPrefix datasets go to {@code <topicPrefix>/<deviceId>}; recordings keep their topics
 * @param mqttUrl     broker URL
 * @param username    or null
 * @param password    or null
 * @param qos         of every message
 * @param mqttVersion 3 or 5
 * @param clientId    the MQTT client id
 * @param maxInFlight unacknowledged messages allowed
 * @param connectTimeout how long connecting may take
 * @param drainTimeout how long to wait for the last acknowledgements
 */
public record ReplayConfig(Path file, String input, ColumnMapping mapping, int limit, double speed,
        boolean shiftToNow, String topicPrefix, String mqttUrl, String username, String password, int qos,
        int mqttVersion, String clientId, int maxInFlight, Duration connectTimeout, Duration drainTimeout) {

    public ReplayConfig {
        check(file != null && Files.isRegularFile(file), "FILE must be a readable file, got " + file);
        check(input != null && (input.equals("auto") || input.equals("recording") || input.equals("csv")
                || input.equals("json")), "--input must be auto, recording, csv or json, got " + input);
        check(limit >= 0, "--limit must be 0 (all) or more, got " + limit);
        check(speed > 0, "--speed must be a positive factor or max, got " + speed);
        check(qos >= 0 && qos <= 2, "--qos must be 0, 1 or 2, got " + qos);
        check(mqttVersion == 3 || mqttVersion == 5, "--mqtt-version must be 3 or 5, got " + mqttVersion);
        check(topicPrefix != null && !topicPrefix.isEmpty() && !topicPrefix.endsWith("/")
                        && topicPrefix.chars().noneMatch(c -> c == '+' || c == '#'),
                "--topic-prefix must be a non-empty topic without wildcards or a trailing /, got '" + topicPrefix + "'");
        check(maxInFlight >= 1 && maxInFlight <= 65_535, "--max-in-flight must be between 1 and 65535, got "
                + maxInFlight);
        check(clientId != null && !clientId.isBlank(), "--client-id must not be blank");
        check(connectTimeout != null && connectTimeout.toMillis() > 0, "connectTimeout must be positive");
        check(drainTimeout != null && drainTimeout.toMillis() > 0, "drainTimeout must be positive");
    }

    /** Whether {@link #file} is replayed as a recording. */
    public boolean isRecording() {
        return input.equals("recording") || (input.equals("auto") && RecordingReader.looksLikeRecording(file));
    }

    /** How a dataset file is read. */
    public DatasetReader.Kind datasetKind() {
        return switch (input) {
            case "csv" -> DatasetReader.Kind.CSV;
            case "json" -> DatasetReader.Kind.JSON;
            default -> DatasetReader.kindOf(file);
        };
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
