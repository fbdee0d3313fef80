package dev.telemetry.gateway.decode;

import java.util.Objects;

/**
 * The names of the reserved top-level fields of a JSON reading: the device id, the time and the
 * sequence number ({@code json.device-id-field}, {@code json.time-field}, {@code json.seq-field}).
 * Every other field is a metric.
 *
 * @param deviceId name of the device id field, default {@code deviceId}
 * @param time     name of the timestamp field, default {@code ts}
 * @param seq      name of the sequence number field, default {@code seq}
 */
public record JsonFields(String deviceId, String time, String seq) {

    /** {@code deviceId}, {@code ts}, {@code seq}. */
    public static final JsonFields DEFAULTS = new JsonFields("deviceId", "ts", "seq");

    /**
     * @throws IllegalArgumentException when a name is blank, contains a dot (dots join nested
     *         metric names) or two names are equal
     */
    public JsonFields {
        requireName("device id", deviceId);
        requireName("time", time);
        requireName("seq", seq);
        if (deviceId.equals(time) || deviceId.equals(seq) || time.equals(seq)) {
            throw new IllegalArgumentException("the device id, time and seq field names must differ, got '"
                    + deviceId + "', '" + time + "', '" + seq + "'");
        }
    }

    /** True when {@code field} is one of the three reserved names. */
    public boolean isReserved(String field) {
        return field.equals(deviceId) || field.equals(time) || field.equals(seq);
    }

    private static void requireName(String what, String name) {
        Objects.requireNonNull(name, what + " field name");
        if (name.isBlank() || name.contains(".") || !name.strip().equals(name)) {
            throw new IllegalArgumentException("the " + what + " field name must be non-empty, without dots or"
                    + " surrounding spaces, got '" + name + "'");
        }
    }
}
