package dev.telemetry.processor.http;

import java.util.regex.Pattern;

/**
 * A device id pattern of the event stream ({@code ?device=boiler-*}): device-id characters and {@code *}, which
 * matches any run of characters. Matched by the classic greedy wildcard walk, linear in practice and at worst
 * pattern length times id length: a regular expression built from the pattern ({@code .*} per star) backtracks
 * exponentially on patterns like {@code *a*a*a*a*b}, which any client could send.
 */
final class DevicePattern {

    static final int MAX_LENGTH = 200;
    private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9._:/*-]+");

    private final String pattern;

    private DevicePattern(String pattern) {
        this.pattern = pattern;
    }

    /** @throws ApiException 400 naming {@code param} for an empty, too long or ill-formed pattern */
    static DevicePattern parse(String param, String raw) {
        if (raw.length() > MAX_LENGTH) {
            throw ApiException.badRequest(param + ": a pattern of at most " + MAX_LENGTH + " characters, got "
                    + raw.length());
        }
        if (!CHARS.matcher(raw).matches()) {
            throw ApiException.badRequest(param + ": a device id pattern of [A-Za-z0-9._:/-] and * (any characters),"
                    + " e.g. boiler-*");
        }
        return new DevicePattern(raw);
    }

    boolean matches(String id) {
        int p = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < id.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == id.charAt(i)) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
