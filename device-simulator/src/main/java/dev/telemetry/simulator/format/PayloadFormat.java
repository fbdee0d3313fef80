package dev.telemetry.simulator.format;

import java.util.Arrays;
import java.util.Locale;

/**
 * A payload format and its MQTT topic layout: how a device's {@code Sample}s become MQTT messages.
 * Implementations are stateless and thread-safe; per-device state lives in the {@link DeviceEncoder}.
 */
public interface PayloadFormat {

    /** The name used on the command line ({@code --format}). */
    String name();

    /** The MQTT 5 content type sent with each message, e.g. {@code application/json}, or null for none. */
    String contentType();

    /** True when payloads are UTF-8 JSON documents (a recording then embeds them as JSON, not base64). */
    boolean isJson();

    /**
     * The encoder of one device.
     *
     * @param topicPrefix the run's {@code --topic-prefix}
     * @param deviceIndex the device's 0-based index in the fleet
     * @param deviceId    its id
     */
    DeviceEncoder encoder(String topicPrefix, int deviceIndex, String deviceId);

    /**
     * A payload that the gateway's decoder of this format rejects, made from a valid one (the
     * {@code --malformed} fault). By default the first half of it: unterminated JSON, truncated CBOR.
     */
    default byte[] malform(byte[] payload) {
        return Arrays.copyOf(payload, payload.length / 2);
    }

    /** The names accepted by {@link #byName(String)}. */
    static String names() {
        return "json, senml-json, senml-cbor, plain, sparkplug-b, mixed";
    }

    /** The format called {@code name}; throws IllegalArgumentException listing the known names. */
    static PayloadFormat byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "json" -> new JsonFormat();
            case "senml-json" -> SenmlFormat.json();
            case "senml-cbor" -> SenmlFormat.cbor();
            case "plain" -> new PlainFormat();
            case "sparkplug-b" -> new SparkplugFormat();
            case "mixed" -> new MixedFormat();
            default -> throw new IllegalArgumentException("unknown payload format '" + name + "', known: " + names());
        };
    }
}
