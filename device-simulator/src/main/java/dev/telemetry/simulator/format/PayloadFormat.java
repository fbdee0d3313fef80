package dev.telemetry.simulator.format;

import dev.telemetry.simulator.device.Sample;
import java.util.Locale;

/**
 * How a {@link Sample} becomes the bytes of one MQTT message. Implementations are stateless and
 * thread-safe.
 */
public interface PayloadFormat {

    /** The name used on the command line ({@code --format}). */
    String name();

    /** The MQTT 5 content type sent with each message, e.g. {@code application/json}. */
    String contentType();

    /** True when payloads are UTF-8 JSON documents (a recording then embeds them as JSON, not base64). */
    boolean isJson();

    byte[] encode(Sample sample);

    /** The names accepted by {@link #byName(String)}. */
    static String names() {
        return "json, senml-json, senml-cbor";
    }

    /** The format called {@code name}; throws IllegalArgumentException listing the known names. */
    static PayloadFormat byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "json" -> new JsonFormat();
            case "senml-json" -> SenmlFormat.json();
            case "senml-cbor" -> SenmlFormat.cbor();
            default -> throw new IllegalArgumentException("unknown payload format '" + name + "', known: " + names());
        };
    }
}
