package dev.telemetry.simulator.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How a dataset's time column is written ({@code --time-format}), turned into epoch milliseconds:
 * {@code epoch-ms}, {@code epoch-s} (fractions allowed, e.g. {@code 1594598726.5393324}), {@code iso}
 * (ISO-8601 with an offset, or without one read as UTC), {@code auto} (a number by magnitude as the
 * gateway does: below 1e11 seconds, else milliseconds; otherwise ISO, otherwise
 * {@code yyyy-MM-dd HH:mm:ss}), or any other text as a {@link DateTimeFormatter} pattern read as UTC
 * (NAB: {@code yyyy-MM-dd HH:mm:ss}).
 */
public final class TimeFormat {

    private static final BigDecimal SECONDS_BELOW = new BigDecimal("1e11");
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]", Locale.ROOT);

    private final String name;
    private final DateTimeFormatter pattern;

    private TimeFormat(String name, DateTimeFormatter pattern) {
        this.name = name;
        this.pattern = pattern;
    }

    /** Parses the option's value; IllegalArgumentException names {@code --time-format}. */
    public static TimeFormat of(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--time-format must be auto, epoch-ms, epoch-s, iso or a date-time"
                    + " pattern such as 'yyyy-MM-dd HH:mm:ss', got '" + spec + "'");
        }
        switch (spec) {
            case "auto", "epoch-ms", "epoch-s", "iso" -> {
                return new TimeFormat(spec, null);
            }
            default -> {
                try {
                    return new TimeFormat(spec, DateTimeFormatter.ofPattern(spec, Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--time-format '" + spec + "' is neither auto, epoch-ms,"
                            + " epoch-s, iso nor a valid date-time pattern: " + e.getMessage(), e);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    /**
     * Epoch milliseconds of one cell (floor of fractional milliseconds).
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public long toEpochMillis(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty time");
        }
        try {
            return switch (name) {
                case "epoch-ms" -> new BigDecimal(value).setScale(0, RoundingMode.FLOOR).longValueExact();
                case "epoch-s" -> seconds(new BigDecimal(value));
                case "iso" -> iso(value);
                case "auto" -> auto(value);
                default -> LocalDateTime.parse(value, pattern).toInstant(ZoneOffset.UTC).toEpochMilli();
            };
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + value + "' is not " + describe() + ": " + e.getMessage(), e);
        }
    }

    private String describe() {
        return switch (name) {
            case "epoch-ms" -> "epoch milliseconds";
            case "epoch-s" -> "epoch seconds";
            case "iso" -> "an ISO-8601 date-time";
            case "auto" -> "epoch seconds or milliseconds, ISO-8601 or yyyy-MM-dd HH:mm:ss";
            default -> "in the pattern '" + name + "'";
        };
    }

    private static long seconds(BigDecimal seconds) {
        return seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static long iso(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        }
    }

    private static long auto(String value) {
        char first = value.charAt(0);
        if (Character.isDigit(first) && value.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            BigDecimal number = new BigDecimal(value);
            return number.compareTo(SECONDS_BELOW) < 0 ? seconds(number)
                    : number.setScale(0, RoundingMode.FLOOR).longValueExact();
        }
        try {
            return iso(value);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(value, SPACED).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
