package dev.telemetry.gateway.normalize;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns a device timestamp into epoch milliseconds UTC.
 *
 * <p><b>Numbers</b> are epoch times whose unit is detected by magnitude:
 * <table>
 *   <caption>unit by magnitude</caption>
 *   <tr><th>value</th><th>unit</th><th>covers</th></tr>
 *   <tr><td>&lt; 1e11</td><td>seconds (fractions allowed)</td><td>1970 .. year 5138</td></tr>
 *   <tr><td>&lt; 1e14</td><td>milliseconds</td><td>1973 .. year 5138</td></tr>
 *   <tr><td>&lt; 1e17</td><td>microseconds</td><td>1973 .. year 5138</td></tr>
 *   <tr><td>otherwise</td><td>nanoseconds</td><td>1973 .. year 9999</td></tr>
 * </table>
 * Sub-millisecond parts are truncated (floor). A consequence of detection by magnitude: a
 * millisecond timestamp before 1973-03-03 would be read as seconds; real device clocks are not there.
 *
 * <p><b>Strings</b> are either such a number written as text ({@code "1714564800"}) or an ISO-8601
 * date-time with an offset ({@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00.123+02:00}).
 * A local date-time without offset is rejected: its time zone would be a guess.
 *
 * <p>Negative times and times after 9999-12-31T23:59:59.999Z are rejected. Failures are
 * {@link IllegalArgumentException}s whose message explains what was wrong.
 */
public final class Timestamps {

    /** Numbers below this are epoch seconds. */
    public static final BigDecimal SECONDS_BELOW = new BigDecimal("1e11");
    /** Numbers below this (and at least {@link #SECONDS_BELOW}) are epoch milliseconds. */
    public static final BigDecimal MILLIS_BELOW = new BigDecimal("1e14");
    /** Numbers below this (and at least {@link #MILLIS_BELOW}) are epoch microseconds; above, nanoseconds. */
    public static final BigDecimal MICROS_BELOW = new BigDecimal("1e17");
    /** The latest accepted time, 9999-12-31T23:59:59.999Z. */
    public static final long MAX_EPOCH_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    // bounded so that BigDecimal never works on absurd exponents taken from untrusted input
    private static final Pattern NUMERIC = Pattern.compile("[+-]?\\d{1,30}(\\.\\d{0,30})?([eE][+-]?\\d{1,2})?");

    private Timestamps() {
    }

    /** An integral epoch time in the unit detected by magnitude. */
    public static long fromEpochNumber(long value) {
        return fromEpochNumber(BigDecimal.valueOf(value));
    }

    /** A decimal epoch time in the unit detected by magnitude. */
    public static long fromEpochNumber(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("timestamp " + value + " is not a finite number");
        }
        // valueOf uses the shortest decimal form, so 1.700000000123E9 s is exactly ...123 ms
        return fromEpochNumber(BigDecimal.valueOf(value));
    }

    /** An epoch time in the unit detected by magnitude. */
    public static long fromEpochNumber(BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("timestamp " + value.toPlainString() + " is negative");
        }
        BigDecimal millis;
        if (value.compareTo(SECONDS_BELOW) < 0) {
            millis = value.movePointRight(3);
        } else if (value.compareTo(MILLIS_BELOW) < 0) {
            millis = value;
        } else if (value.compareTo(MICROS_BELOW) < 0) {
            millis = value.movePointLeft(3);
        } else {
            millis = value.movePointLeft(6);
        }
        millis = millis.setScale(0, RoundingMode.FLOOR);
        if (millis.compareTo(BigDecimal.valueOf(MAX_EPOCH_MILLIS)) > 0) {
            throw new IllegalArgumentException("timestamp " + value.toPlainString() + " is after year 9999");
        }
        return millis.longValueExact();
    }

    /** A numeric string (treated like a number) or an ISO-8601 date-time with offset. */
    public static long parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("timestamp is an empty string");
        }
        if (NUMERIC.matcher(t).matches()) {
            return fromEpochNumber(new BigDecimal(t));
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp " + quote(t) + " is neither an epoch number nor an ISO-8601"
                    + " date-time with offset such as 2024-05-01T12:00:00Z", e);
        }
        return fromInstant(instant, t);
    }

    private static long fromInstant(Instant instant, String text) {
        if (instant.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("timestamp " + quote(text) + " is before 1970");
        }
        if (instant.isAfter(Instant.ofEpochMilli(MAX_EPOCH_MILLIS))) {
            throw new IllegalArgumentException("timestamp " + quote(text) + " is after year 9999");
        }
        return instant.toEpochMilli();
    }

    private static String quote(String s) {
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
    }
}
