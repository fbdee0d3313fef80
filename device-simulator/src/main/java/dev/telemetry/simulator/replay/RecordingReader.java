package dev.telemetry.simulator.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.telemetry.simulator.fault.Outgoing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a {@code --record} file back as the messages it lists, byte for byte: a JSON payload is cut
 * out of its line exactly as the recorder wrote it (never re-serialized, so number formats and
 * field order survive), a binary one is base64-decoded. Event lines ({@code "event"}) are skipped.
 * Messages come out in the order they were handed to the client ({@code "t"}; line order for
 * recordings without times, which are then replayed back to back).
 */
public final class RecordingReader {

    private static final JsonFactory JSON = new JsonFactory();

    private RecordingReader() {
    }

    /** One recorded message. */
    record RecordedMessage(double sourceMillis, String topic, byte[] payload, String contentType, boolean json,
            int readings) implements ReplayItem {

        @Override
        public Outgoing toOutgoing(Long eventTimeMillis) {
            // the bytes as sent: a recording is replayed with its original event times
            return new Outgoing(topic, payload, contentType, json, readings, List.of(), List.of(), null, null);
        }
    }

    /** Whether {@code file}'s first line looks like a recording ({@code {"topic":...}} or an event). */
    public static boolean looksLikeRecording(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && (first.startsWith("{\"topic\":") || first.startsWith("{\"event\":"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** All messages of the recording, in sending order. */
    public static List<ReplayItem> read(Path file) {
        List<RecordedMessage> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    RecordedMessage message = parse(line);
                    if (message != null) {
                        out.add(message);
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + number + " is not a recorded message: "
                            + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + file + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingDouble(RecordedMessage::sourceMillis)); // stable: line order among equals
        return List.copyOf(out);
    }

    /** One line; null for an event line. */
    static RecordedMessage parse(String line) throws IOException {
        String topic = null;
        byte[] payload = null;
        boolean json = false;
        String contentType = null;
        double t = 0;
        int readings = 0;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "event" -> {
                        return null;
                    }
                    case "topic" -> topic = p.getText();
                    case "payload" -> {
                        int start = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getCharOffset();
                        payload = line.substring(start, end).getBytes(StandardCharsets.UTF_8);
                        json = true;
                    }
                    case "payloadBase64" -> payload = Base64.getDecoder().decode(p.getText());
                    case "contentType" -> contentType = p.getText();
                    case "t" -> t = p.getDoubleValue();
                    case "readings" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                readings++;
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        if (topic == null || payload == null) {
            throw new IllegalArgumentException("a recorded message needs \"topic\" and \"payload\" or \"payloadBase64\"");
        }
        return new RecordedMessage(t, topic, payload, contentType, json, readings);
    }
}
