package dev.telemetry.gateway.publish;

import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.model.DlqHeaders;
import dev.telemetry.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the records of {@link Topics#DLQ}: the raw payload untouched, keyed by device id when the
 * device is known and by MQTT topic otherwise, with the {@link DlqHeaders}.
 *
 * <p>One exception to "untouched": a payload over the size limit ({@code mqtt.max-payload-bytes},
 * whatever the error code) is cut to the limit, so that the DLQ write itself cannot fail for size
 * and block the MQTT session forever; such records carry {@value #PAYLOAD_SIZE} (the original size)
 * and {@value #PAYLOAD_TRUNCATED}{@code =true}.
 */
public final class DeadLetters {

    /** Header with the original payload size in bytes, on truncated DLQ records. */
    public static final String PAYLOAD_SIZE = "payload.size";
    /** Header {@code true} on DLQ records whose payload was truncated. */
    public static final String PAYLOAD_TRUNCATED = "payload.truncated";

    private static final int MAX_MESSAGE_CHARS = 1000;

    private DeadLetters() {
    }

    /**
     * @param maxPayloadBytes payloads longer than this are truncated to it
     */
    public static ProducerRecord<String, byte[]> record(String mqttTopic, byte[] payload, DecodeException error,
            String format, String gatewayId, long receivedAt, int maxPayloadBytes) {
        String key = error.deviceId().orElse(mqttTopic);
        RecordHeaders headers = new RecordHeaders();
        add(headers, DlqHeaders.MQTT_TOPIC, mqttTopic);
        add(headers, DlqHeaders.ERROR_CODE, error.code().name());
        add(headers, DlqHeaders.ERROR_MESSAGE, cut(String.valueOf(error.getMessage())));
        add(headers, DlqHeaders.FORMAT, format);
        add(headers, DlqHeaders.GATEWAY_ID, gatewayId);
        add(headers, DlqHeaders.RECEIVED_AT, Long.toString(receivedAt));
        byte[] value = payload;
        if (payload.length > maxPayloadBytes) {
            value = Arrays.copyOf(payload, maxPayloadBytes);
            add(headers, PAYLOAD_SIZE, Integer.toString(payload.length));
            add(headers, PAYLOAD_TRUNCATED, "true");
        }
        // the record timestamp is the gateway's receipt time, never a device clock (see KafkaPublisher)
        return new ProducerRecord<>(Topics.DLQ, null, receivedAt, key, value, headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String cut(String s) {
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "..." : s;
    }
}
