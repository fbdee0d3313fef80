package dev.telemetry.gateway.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.normalize.Timestamps;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Resolves a SenML pack (RFC 8428), given as a tree with the JSON labels, into resolved records
 * (section 4.6): base name, time, unit, value and sum applied, relative times turned absolute
 * against {@code now}, records in stable chronological order.
 *
 * <ul>
 *   <li>Base fields ({@code bn}, {@code bt}, {@code bu}, {@code bv}, {@code bs}) apply to their
 *       record and every later one until redefined; {@code bver} must be the same in the whole pack
 *       and at most 10 ({@code UNSUPPORTED_SENML_VERSION} above).</li>
 *   <li>A record with no value field and no sum only sets base values and resolves to nothing.
 *       More than one of {@code v}, {@code vs}, {@code vb}, {@code vd} is {@code INVALID_SENML}.</li>
 *   <li>{@code t + bt < 2^28} is relative to {@code now}; the caller supplies {@code now}, so the
 *       resolution is deterministic.</li>
 *   <li>Unknown labels are ignored ({@code ut} is read and checked but not kept); labels ending in
 *       {@code _} are {@code UNSUPPORTED_SENML_FIELD}, as section 4.4 requires.</li>
 *   <li>{@code vd} (base64url, padding optional in JSON; a byte string in CBOR, which the CBOR
 *       reader turns into base64url) becomes a text value in base64url without padding.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class SenmlResolver {

    /** Times below this many seconds are relative to "now" (RFC 8428 section 4.5.3). */
    static final BigDecimal RELATIVE_BELOW = BigDecimal.valueOf(1L << 28);
    /** Bound on a concatenated name: the base name (the device) and the name (the metric), 200 each at most. */
    static final int MAX_NAME_LENGTH = 400;
    /** The SenML version of RFC 8428. */
    static final int VERSION = 10;
    /** RFC 8428 section 4.5.1: the alphabet of a concatenated name. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Timestamps.MAX_EPOCH_MILLIS, 3);

    private SenmlResolver() {
    }

    static List<SenmlRecord> resolve(JsonNode pack, long nowMillis) throws DecodeException {
        if (pack == null || !pack.isArray()) {
            throw new DecodeException(Code.INVALID_SENML, "a SenML pack is an array of records, got "
                    + (pack == null ? "nothing" : pack.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        BigDecimal now = BigDecimal.valueOf(nowMillis, 3);
        Base base = new Base();
        List<SenmlRecord> out = new ArrayList<>(pack.size());
        for (int i = 0; i < pack.size(); i++) {
            JsonNode record = pack.get(i);
            try {
                SenmlRecord resolved = resolveRecord(record, base, now);
                if (resolved != null) {
                    out.add(resolved);
                }
            } catch (DecodeException e) {
                throw new DecodeException(e.code(), "record " + i + ": " + e.getMessage(), e.getCause());
            }
        }
        // List.sort is stable: records with equal times keep their pack order
        out.sort(Comparator.comparing(SenmlRecord::time));
        return out;
    }

    /** Base values in effect; each record may redefine some of them. */
    private static final class Base {
        String name;
        BigDecimal time = BigDecimal.ZERO;
        String unit;
        double value;
        Double sum;
        Integer version;
        boolean versionSeen;
    }

    private static SenmlRecord resolveRecord(JsonNode record, Base base, BigDecimal now) throws DecodeException {
        if (!record.isObject()) {
            throw new DecodeException(Code.INVALID_SENML, "a record must be an object");
        }
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            if (field.getKey().endsWith("_")) {
                throw new DecodeException(Code.UNSUPPORTED_SENML_FIELD, "label '" + field.getKey()
                        + "' must be understood (it ends with _) and is not supported");
            }
        }
        applyVersion(record, base);
        // the first record fixes the pack's version (10 when it has no bver); later ones must agree
        base.versionSeen = true;
        if (record.has("bn")) {
            base.name = text(record, "bn");
        }
        if (record.has("bt")) {
            base.time = BigDecimal.valueOf(number(record, "bt"));
        }
        if (record.has("bu")) {
            base.unit = text(record, "bu");
        }
        if (record.has("bv")) {
            base.value = number(record, "bv");
        }
        if (record.has("bs")) {
            base.sum = number(record, "bs");
        }
        if (record.has("ut")) {
            number(record, "ut");
        }
        String localName = record.has("n") ? text(record, "n") : null;
        String unit = record.has("u") ? text(record, "u") : base.unit;
        Double sum = sum(record, base);
        ValueField value = value(record, base);
        if (value == null && sum == null) {
            return null;
        }
        int nameLength = (base.name == null ? 0 : base.name.length()) + (localName == null ? 0 : localName.length());
        if (nameLength > MAX_NAME_LENGTH) {
            // checked before concatenating: a long bn would otherwise be copied into every record of the pack
            throw new DecodeException(Code.INVALID_SENML, "name (bn + n) has " + nameLength
                    + " characters, more than " + MAX_NAME_LENGTH + " (a device id and a metric of 200 each)");
        }
        String name = (base.name == null ? "" : base.name) + (localName == null ? "" : localName);
        if (!isSenmlName(name)) {
            throw new DecodeException(Code.INVALID_SENML, "name " + Values.quote(name) + " must start with a letter"
                    + " or digit and consist of [A-Za-z0-9:./_-] (RFC 8428 section 4.5.1)");
        }
        BigDecimal offset = base.time.add(record.has("t") ? BigDecimal.valueOf(number(record, "t")) : BigDecimal.ZERO);
        boolean relative = offset.compareTo(RELATIVE_BELOW) < 0;
        BigDecimal time = relative ? now.add(offset) : offset;
        if (time.signum() < 0 || time.compareTo(MAX_SECONDS) > 0) {
            throw new DecodeException(Code.INVALID_TIMESTAMP, "time " + time.toPlainString()
                    + " s is before 1970 or after year 9999");
        }
        return new SenmlRecord(name, base.name, localName, unit, value == null ? null : value.value,
                value != null && value.data, sum, time, relative, base.version);
    }

    private static void applyVersion(JsonNode record, Base base) throws DecodeException {
        if (!record.has("bver")) {
            return;
        }
        JsonNode v = record.get("bver");
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new DecodeException(Code.INVALID_SENML, "bver must be a positive integer, got " + describe(v));
        }
        int version = v.intValue();
        if (version > VERSION) {
            throw new DecodeException(Code.UNSUPPORTED_SENML_VERSION, "SenML version " + version
                    + " is newer than " + VERSION + " (RFC 8428), which this gateway understands");
        }
        Integer effective = version == VERSION ? null : version;
        if (base.versionSeen && !java.util.Objects.equals(base.version, effective)) {
            throw new DecodeException(Code.INVALID_SENML, "all records of a pack must have the same version, got "
                    + version + " after " + (base.version == null ? VERSION : base.version));
        }
        base.version = effective;
        base.versionSeen = true;
    }

    private record ValueField(ReadingValue value, boolean data) {
    }

    private static ValueField value(JsonNode record, Base base) throws DecodeException {
        int count = (record.has("v") ? 1 : 0) + (record.has("vs") ? 1 : 0) + (record.has("vb") ? 1 : 0)
                + (record.has("vd") ? 1 : 0);
        if (count > 1) {
            throw new DecodeException(Code.INVALID_SENML, "a record has exactly one of v, vs, vb, vd, got " + count);
        }
        if (record.has("v")) {
            return new ValueField(Values.number(metricOf(record), base.value + number(record, "v")), false);
        }
        if (record.has("vs")) {
            return new ValueField(Values.text(metricOf(record), text(record, "vs")), false);
        }
        if (record.has("vb")) {
            JsonNode vb = record.get("vb");
            if (!vb.isBoolean()) {
                throw new DecodeException(Code.INVALID_SENML, "vb must be a boolean, got " + describe(vb));
            }
            return new ValueField(ReadingValue.of(vb.booleanValue()), false);
        }
        if (record.has("vd")) {
            return new ValueField(ReadingValue.of(data(record.get("vd"))), true);
        }
        return null;
    }

    private static String data(JsonNode vd) throws DecodeException {
        byte[] bytes;
        if (vd.isBinary()) {
            try {
                bytes = vd.binaryValue();
            } catch (java.io.IOException e) {
                throw new DecodeException(Code.INVALID_SENML, "vd cannot be read: " + e.getMessage(), e);
            }
        } else if (vd.isTextual()) {
            try {
                bytes = Base64.getUrlDecoder().decode(vd.asText());
            } catch (IllegalArgumentException e) {
                throw new DecodeException(Code.INVALID_VALUE, "vd is not base64url: " + e.getMessage(), e);
            }
        } else {
            throw new DecodeException(Code.INVALID_SENML, "vd must be base64url text (JSON) or a byte string (CBOR),"
                    + " got " + describe(vd));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Double sum(JsonNode record, Base base) throws DecodeException {
        if (!record.has("s")) {
            return base.sum;
        }
        double sum = (base.sum == null ? 0 : base.sum) + number(record, "s");
        if (!Double.isFinite(sum)) {
            throw new DecodeException(Code.NON_FINITE_VALUE, "sum of " + metricOf(record) + " is " + sum);
        }
        return sum;
    }

    private static String metricOf(JsonNode record) {
        JsonNode n = record.get("n");
        return n != null && n.isTextual() ? n.asText() : "(unnamed)";
    }

    private static double number(JsonNode record, String label) throws DecodeException {
        JsonNode node = record.get(label);
        if (!node.isNumber()) {
            throw new DecodeException(Code.INVALID_SENML, label + " must be a number, got " + describe(node));
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new DecodeException(Code.NON_FINITE_VALUE, label + " is " + value
                    + "; NaN and infinities are not readings");
        }
        return value;
    }

    private static String text(JsonNode record, String label) throws DecodeException {
        JsonNode node = record.get(label);
        if (!node.isTextual()) {
            throw new DecodeException(Code.INVALID_SENML, label + " must be a string, got " + describe(node));
        }
        return node.asText();
    }

    private static String describe(JsonNode node) {
        return node.isValueNode() ? Values.quote(node.asText())
                : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** RFC 8428 section 4.5.1: {@code [A-Za-z0-9][A-Za-z0-9:./_-]*}, checked without a regex (per record). */
    static boolean isSenmlName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        char first = name.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9'))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Reading.isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
