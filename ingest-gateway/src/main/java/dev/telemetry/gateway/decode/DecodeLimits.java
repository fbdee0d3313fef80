package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.LifecycleEvent;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bounds on what one MQTT message may carry, so that a device cannot make the gateway (or Kafka, or
 * the stream processor's state) hold arbitrarily much because of what it sends. Each bound has a
 * configuration key and its own DLQ reason; the message is rejected whole, never cut.
 *
 * @param maxPayloadBytes      {@code mqtt.max-payload-bytes}: checked before any parsing, {@code PAYLOAD_TOO_LARGE}
 * @param maxReadings          {@code limits.max-readings-per-message}: {@code TOO_MANY_READINGS}
 * @param maxDeviceIdLength    {@code limits.max-device-id-length} (at most 200, the canonical bound):
 *                             {@code DEVICE_ID_TOO_LONG}
 * @param maxMetricNameLength  {@code limits.max-metric-name-length} (at most 200): {@code METRIC_NAME_TOO_LONG}
 * @param maxStringValueLength {@code limits.max-string-value-length}, in characters: {@code STRING_VALUE_TOO_LONG}
 * @param deviceIdPattern      {@code limits.device-id-pattern}, or null: a regular expression every device id
 *                             must match as a whole, on top of the canonical alphabet, to narrow the ids a
 *                             deployment accepts: {@code DEVICE_ID_NOT_ALLOWED}
 */
public record DecodeLimits(int maxPayloadBytes, int maxReadings, int maxDeviceIdLength, int maxMetricNameLength,
        int maxStringValueLength, Pattern deviceIdPattern) {

    /** The canonical bound on names ({@link Reading#isValidName}); limits can only be stricter. */
    public static final int MAX_NAME_LENGTH = 200;
    public static final DecodeLimits DEFAULTS = new DecodeLimits(256 * 1024, 10_000, MAX_NAME_LENGTH,
            MAX_NAME_LENGTH, 4096, null);

    public DecodeLimits {
        positive(maxPayloadBytes, "maxPayloadBytes");
        positive(maxReadings, "maxReadings");
        if (maxDeviceIdLength < 1 || maxDeviceIdLength > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("maxDeviceIdLength must be 1.." + MAX_NAME_LENGTH + ", got "
                    + maxDeviceIdLength);
        }
        if (maxMetricNameLength < 1 || maxMetricNameLength > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("maxMetricNameLength must be 1.." + MAX_NAME_LENGTH + ", got "
                    + maxMetricNameLength);
        }
        positive(maxStringValueLength, "maxStringValueLength");
    }

    /** These limits with another payload bound. */
    public DecodeLimits withMaxPayloadBytes(int bytes) {
        return new DecodeLimits(bytes, maxReadings, maxDeviceIdLength, maxMetricNameLength, maxStringValueLength,
                deviceIdPattern);
    }

    /** These limits with another bound on readings per message. */
    public DecodeLimits withMaxReadings(int readings) {
        return new DecodeLimits(maxPayloadBytes, readings, maxDeviceIdLength, maxMetricNameLength,
                maxStringValueLength, deviceIdPattern);
    }

    /**
     * Fails when {@code count} readings would be more than one message may produce; decoders that
     * expand values (Sparkplug arrays) call it before expanding.
     */
    void checkReadingCount(int count) throws DecodeException {
        if (count > maxReadings) {
            throw new DecodeException(Code.TOO_MANY_READINGS, "the message has " + count + " readings or more,"
                    + " more than the maximum of " + maxReadings + " (limits.max-readings-per-message)");
        }
    }

    /** Checks a decoded message against every limit but the payload size (checked before decoding). */
    void check(List<Reading> readings, List<LifecycleEvent> events) throws DecodeException {
        checkReadingCount(readings.size());
        String checked = null;
        for (Reading r : readings) {
            // the readings of a message share one device id, mostly the same String instance: each id is
            // checked once, not once per reading (a Sparkplug birth or array is thousands of readings)
            if (r.deviceId() != checked) {
                checkDeviceId(r.deviceId());
                checked = r.deviceId();
            }
            if (r.metric().length() > maxMetricNameLength) {
                throw new DecodeException(Code.METRIC_NAME_TOO_LONG, "metric name " + Values.quote(r.metric())
                        + " has " + r.metric().length() + " characters, more than the maximum of "
                        + maxMetricNameLength + " (limits.max-metric-name-length)").withDeviceId(r.deviceId());
            }
            if (r.value() instanceof ReadingValue.Text text && text.value().length() > maxStringValueLength) {
                throw new DecodeException(Code.STRING_VALUE_TOO_LONG, "metric '" + r.metric() + "' is a text of "
                        + text.value().length() + " characters, more than the maximum of " + maxStringValueLength
                        + " (limits.max-string-value-length)").withDeviceId(r.deviceId());
            }
        }
        for (LifecycleEvent e : events) {
            checkDeviceId(e.deviceId());
        }
    }

    private void checkDeviceId(String id) throws DecodeException {
        if (!isPathSafe(id)) {
            throw new DecodeException(Code.INVALID_DEVICE_ID, "device id " + Values.quote(id) + " must not start or"
                    + " end with '/', contain '//' or have a '.' or '..' segment: ids become Kafka keys, store keys"
                    + " and URL paths, and must not name a path other than themselves");
        }
        if (id.length() > maxDeviceIdLength) {
            throw new DecodeException(Code.DEVICE_ID_TOO_LONG, "device id " + Values.quote(id) + " has "
                    + id.length() + " characters, more than the maximum of " + maxDeviceIdLength
                    + " (limits.max-device-id-length)");
        }
        if (deviceIdPattern != null && !deviceIdPattern.matcher(id).matches()) {
            throw new DecodeException(Code.DEVICE_ID_NOT_ALLOWED, "device id " + Values.quote(id)
                    + " does not match limits.device-id-pattern " + deviceIdPattern.pattern());
        }
    }

    /**
     * The identifier rule on top of the canonical alphabet ({@code [A-Za-z0-9._:/-]}, 1..200, which
     * already excludes control characters, NUL, spaces, non-ASCII look-alikes and so any Unicode
     * normalization question): {@code /}-separated segments, none of them empty, {@code .} or
     * {@code ..}. So an id is its own canonical form, and no id can walk up a path or collide with
     * another one once joined into a URL or file path.
     */
    public static boolean isPathSafe(String id) {
        // one pass over the characters, no split and no string comparisons: nothing is allocated, and a
        // fuzzer tracing each failed comparison (Jazzer) is not charged for every check
        int start = 0;
        for (int i = 0; i <= id.length(); i++) {
            if (i == id.length() || id.charAt(i) == '/') {
                int length = i - start; // an empty segment: leading, trailing or double '/', or an empty id
                if (length == 0 || (length <= 2 && id.charAt(start) == '.' && id.charAt(i - 1) == '.')) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
