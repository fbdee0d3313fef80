package dev.telemetry.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A JSON object as an ordered, mutable list of fields, for the mutation tests: unlike a {@link JsonNode} it
 * keeps a repeated field name. A field's value is either raw JSON text or a nested {@code RawJsonObject}.
 */
final class RawJsonObject {

    /** JSON values of every type and edge: wrong types, nulls, coercible strings, out-of-range numbers. */
    static final List<String> ODD_VALUES = List.of("null", "\"5\"", "5", "-5", "5.7", "1e3", "1e400", "-1e400",
            "123456789012345678901234567890", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "true", "false", "\"\"", "\" \"", "\"DEVICE\"", "\"GATEWAY\"", "\"ONLINE\"",
            "\"OFFLINE\"", "\"device\"", "\" DEVICE\"", "\"0\"", "0", "1", "-0", "-0.0", "[]", "[1]", "[\"DEVICE\"]",
            "{}", "{\"a\":1}", "\"null\"", "\"NaN\"", "\"x y\"", "\"" + "a".repeat(201) + "\"", "\"1.5\"",
            "\"true\"", "1E-400", "0.1");

    private final List<Map.Entry<String, Object>> fields = new ArrayList<>();

    static RawJsonObject of(JsonNode object) {
        RawJsonObject raw = new RawJsonObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            Object value = f.getValue().isObject() ? of(f.getValue()) : f.getValue().toString();
            raw.fields.add(Map.entry(f.getKey(), value));
        }
        return raw;
    }

    /** Applies {@code count} random mutations, each to this object or (half the time) to a nested one. */
    void mutate(Random rnd, int count) {
        for (int i = 0; i < count; i++) {
            List<RawJsonObject> nested = fields.stream().map(Map.Entry::getValue)
                    .filter(RawJsonObject.class::isInstance).map(RawJsonObject.class::cast).toList();
            if (!nested.isEmpty() && rnd.nextBoolean()) {
                nested.get(rnd.nextInt(nested.size())).mutate(rnd, 1);
            } else {
                mutateHere(rnd);
            }
        }
    }

    private void mutateHere(Random rnd) {
        int at = fields.isEmpty() ? 0 : rnd.nextInt(fields.size());
        switch (rnd.nextInt(6)) {
            case 0 -> java.util.Collections.shuffle(fields, rnd);
            case 1 -> fields.add(rnd.nextInt(fields.size() + 1), Map.entry(unknownName(rnd), randomJson(rnd, 3)));
            case 2 -> {
                if (!fields.isEmpty()) {
                    fields.set(at, Map.entry(fields.get(at).getKey(), oddValue(rnd)));
                }
            }
            case 3 -> {
                if (!fields.isEmpty()) {
                    fields.remove(at);
                }
            }
            case 4 -> {
                if (!fields.isEmpty()) { // the same name again, with the same or another value
                    Map.Entry<String, Object> f = fields.get(at);
                    fields.add(rnd.nextInt(fields.size() + 1),
                            Map.entry(f.getKey(), rnd.nextBoolean() ? f.getValue() : oddValue(rnd)));
                }
            }
            default -> {
                int depth = 1 + rnd.nextInt(100); // beyond and within maxNestingDepth 64
                fields.add(Map.entry("deep", "[".repeat(depth) + "]".repeat(depth)));
            }
        }
    }

    private static String oddValue(Random rnd) {
        return ODD_VALUES.get(rnd.nextInt(ODD_VALUES.size()));
    }

    private static String unknownName(Random rnd) {
        List<String> names = List.of("quality", "", "Value", "deviceID", "device_id", "metrics2", "x\u00e9",
                "source.format", "SEQ");
        return names.get(rnd.nextInt(names.size()));
    }

    /** Random JSON text up to {@code depth} levels: scalars, arrays and objects. */
    static String randomJson(Random rnd, int depth) {
        int kind = depth == 0 ? rnd.nextInt(2) : rnd.nextInt(4);
        return switch (kind) {
            case 0 -> oddValue(rnd);
            case 1 -> quote("s\u2028\"\\" + rnd.nextInt(100));
            case 2 -> {
                List<String> items = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    items.add(randomJson(rnd, depth - 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> {
                List<String> items = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    items.add(quote("k" + i) + ":" + randomJson(rnd, depth - 1));
                }
                yield "{" + String.join(",", items) + "}";
            }
        };
    }

    static String quote(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, Object> f : fields) {
            items.add(quote(f.getKey()) + ":" + f.getValue());
        }
        return "{" + String.join(",", items) + "}";
    }
}
