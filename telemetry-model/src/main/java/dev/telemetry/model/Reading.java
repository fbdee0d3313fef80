package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One canonical sensor reading: one metric of one device at one instant. A multi-field JSON
 * message or a SenML pack becomes several readings.
 *
 * @param deviceId   canonical device id, 1..200 characters of {@code [A-Za-z0-9._:/-]}
 * @param metric     metric name, e.g. {@code temperature}; same alphabet, 1..200 characters
 * @param value      the measured value
 * @param unit       canonical unit (SenML names such as {@code Cel}), or null when unknown
 * @param eventTime  epoch milliseconds UTC when the device measured it
 * @param timeSource whether eventTime came from the device or from the gateway's clock
 * @param seq        the device's own sequence number, or null when it sends none
 * @param receivedAt epoch milliseconds when the gateway received the MQTT message
 * @param source     where the reading came from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reading(
        String deviceId,
        String metric,
        ReadingValue value,
        String unit,
        long eventTime,
        TimeSource timeSource,
        Long seq,
        long receivedAt,
        Source source) {

    /** The alphabet of device ids and metric names. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");

    public Reading {
        requireName("deviceId", deviceId);
        requireName("metric", metric);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(source, "source");
    }

    /** True when {@code name} is a valid device id or metric name. */
    public static boolean isValidName(String name) {
        // same as NAME, without a regex: this runs for every reading and metric the gateway sees
        if (name == null || name.isEmpty() || name.length() > 200) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True for the characters of {@link #NAME}: {@code [A-Za-z0-9._:/-]}. */
    public static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
    }

    private static void requireName(String field, String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(
                    field + " must be 1..200 characters of [A-Za-z0-9._:/-], got " + quote(name));
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "'" + cut + "'";
    }
}
