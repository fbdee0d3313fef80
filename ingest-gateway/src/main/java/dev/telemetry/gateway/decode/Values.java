package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.ReadingValue;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Value checks shared by the decoders. */
final class Values {

    /** A decimal number as devices write it: {@code 21.5}, {@code -3}, {@code 1e3}, {@code .5}. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> NON_FINITE = Set.of(
            "nan", "+nan", "-nan", "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf");

    private Values() {
    }

    static ReadingValue number(String metric, double value) throws DecodeException {
        if (!Double.isFinite(value)) {
            throw new DecodeException(Code.NON_FINITE_VALUE, "metric '" + metric + "' is " + value
                    + "; NaN and infinities are not readings");
        }
        return ReadingValue.of(value);
    }

    /** A text value; spellings of NaN and infinity are rejected rather than stored as text. */
    static ReadingValue text(String metric, String value) throws DecodeException {
        if (!isWellFormed(value)) {
            // a lone surrogate (JSON "\ud800") cannot be encoded as UTF-8: the reading could never be written
            throw new DecodeException(Code.INVALID_VALUE, "metric '" + metric + "' is a text with a lone"
                    + " UTF-16 surrogate, which is not a Unicode character");
        }
        if (NON_FINITE.contains(value.strip().toLowerCase(Locale.ROOT))) {
            throw new DecodeException(Code.NON_FINITE_VALUE, "metric '" + metric + "' is '" + value.strip()
                    + "'; NaN and infinities are not readings");
        }
        return ReadingValue.of(value);
    }

    /**
     * Interprets a plain payload that is already trimmed and non-empty: a decimal number, then
     * {@code true} / {@code false} (any case), otherwise text.
     */
    static ReadingValue plain(String metric, String trimmed) throws DecodeException {
        if (trimmed.length() <= 100 && NUMBER.matcher(trimmed).matches()) {
            return number(metric, Double.parseDouble(trimmed));
        }
        if (trimmed.equalsIgnoreCase("true")) {
            return ReadingValue.of(true);
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return ReadingValue.of(false);
        }
        return text(metric, trimmed);
    }

    /** True when every surrogate in {@code s} is part of a pair. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A short, quoted excerpt of untrusted text for error messages. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
    }
}
