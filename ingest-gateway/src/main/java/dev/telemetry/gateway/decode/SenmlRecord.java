package dev.telemetry.gateway.decode;

import dev.telemetry.model.ReadingValue;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One resolved SenML record (RFC 8428 section 4.6): base values applied, absolute time.
 *
 * @param name         the concatenated name, base name + name
 * @param baseName     the base name in effect for this record, or null; it tells device and metric apart
 * @param localName    the record's own name ({@code n}), or null
 * @param unit         the unit ({@code u}, else {@code bu}), or null
 * @param value        the value (bv + v, vs, vb, or vd as base64url text), or null for a sum-only record
 * @param dataValue    true when {@code value} came from {@code vd} (binary data, base64url without padding)
 * @param sum          bs + s, or null when neither is present
 * @param time         absolute time in seconds since the epoch (bt + t, resolved against "now" when relative)
 * @param relativeTime true when bt + t was below 2^28, so {@code time} is "now" plus an offset
 * @param version      the pack's {@code bver} when it is not the default 10, else null
 */
public record SenmlRecord(
        String name,
        String baseName,
        String localName,
        String unit,
        ReadingValue value,
        boolean dataValue,
        Double sum,
        BigDecimal time,
        boolean relativeTime,
        Integer version) {

    public SenmlRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        if (value == null && sum == null) {
            throw new IllegalArgumentException("a resolved record has a value or a sum");
        }
    }

    /** The time in epoch milliseconds, sub-millisecond parts truncated (floor). */
    public long epochMillis() {
        return time.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    }
}
