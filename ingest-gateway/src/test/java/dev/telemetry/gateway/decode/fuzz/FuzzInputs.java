package dev.telemetry.gateway.decode.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * Input generators for the decoder fuzz tests, all driven by one {@link Random} so that a seed
 * reproduces a run: structured generators (well-shaped JSON, SenML, CBOR, Sparkplug protobuf with
 * hostile values in them) and a mutator of seed inputs (bit flips, byte overwrites, truncation,
 * splicing of two seeds, block repetition, insertion of format tokens, inflation of length fields).
 */
public final class FuzzInputs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final CBORMapper CBOR = new CBORMapper();

    /** Strings a device might send to hurt: control characters, NUL, look-alikes, paths, long text. */
    private static final String[] HOSTILE_TEXT = {
        "", " ", "\u0000", "a\u0000b", "\n\r\t", "../../etc/passwd", "/", "//", ".", "..", "a/../b",
        "\u0430", "e\u0301", "\u00e9", "\uFEFF", "\u202Etxt", "NaN", "Infinity", "-inf",
        "1e999999", "-0", "0x10", "\u2028", "%00", "${jndi:ldap://x}", "'; DROP TABLE readings;--", "temp",
        "urn:dev:ow:10e2073a01080063:", "d-1", "a.b", "a..b", "A".repeat(201), "x".repeat(5000)};
    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "21.5", "1e308", "1e309", "-1e309", "1e999999", "4.9e-324", "1e-999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "123456789012345678901234567890", "0.1e1", "1E+2", "NaN", "Infinity", "-Infinity"};

    /** Tokens that steer the mutator into format-specific corners. */
    private static final byte[][] JSON_TOKENS = tokens("[", "]", "{", "}", "{\"", "\":", ",", "\"", "\\u0000",
            "\\ud800", "1e999999", "-", ".", "null", "true", "NaN", "[[[[[[[[", "{\"a\":{\"a\":{\"a\":", "\u00ff",
            "\"ts\":", "\"seq\":", "\"deviceId\":", "\"bn\":", "\"bt\":", "\"v\":", "\"vs\":", "\"vd\":", "\"bver\":");
    private static final byte[][] CBOR_TOKENS = {
        {(byte) 0x9f}, {(byte) 0xbf}, {(byte) 0xff}, {(byte) 0x5f}, {(byte) 0x7f},
        {(byte) 0x5b, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {(byte) 0x7b, 0, 0, 0, 1, 0, 0, 0, 0}, {(byte) 0x9b, 0, 0, 0, 1, 0, 0, 0, 0},
        {(byte) 0xbb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0},
        {(byte) 0x9a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, {(byte) 0xc2, 0x5a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {(byte) 0xf9, 0x7c, 0x00}, {(byte) 0xfb, 0x7f, (byte) 0xf8, 0, 0, 0, 0, 0, 0}, {(byte) 0xd8, 0x1c}, {(byte) 0xd8, 0x1d, 0x00},
        {0x20}, {0x21}, {0x22}, {0x60}, {(byte) 0xf6}, {(byte) 0xf7}};
    private static final byte[][] PROTO_TOKENS = {
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
        {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}, {0x0a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08},
        {0x12}, {0x20}, {0x7a}, {(byte) 0x82, 0x01}, {0x18}, {0x08}, {0x10, 0x01}, {0x58}, {0x0b}, {0x0c},
        {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}};

    private FuzzInputs() {
    }

    /** The mutation dictionary of a target. */
    public static byte[][] tokens(FuzzTargets target) {
        return switch (target) {
            case SENML_CBOR -> CBOR_TOKENS;
            case SPARKPLUG -> PROTO_TOKENS;
            default -> JSON_TOKENS;
        };
    }

    /** A well-shaped input of the target's format with random, often hostile, content. */
    public static byte[] generate(FuzzTargets target, Random r) {
        return switch (target) {
            case JSON -> utf8(json(r).toString());
            case PLAIN -> plain(r);
            case SENML_JSON -> utf8(senml(r, false).toString());
            case SENML_CBOR -> cbor(senml(r, true));
            case SPARKPLUG -> sparkplug(r);
        };
    }

    /** A mutation of one of the seeds (sometimes of two spliced together). */
    public static byte[] mutate(byte[][] seeds, byte[][] dictionary, Random r) {
        byte[] b = seeds[r.nextInt(seeds.length)].clone();
        for (int rounds = 1 + r.nextInt(3); rounds > 0; rounds--) {
            b = mutateOnce(b, seeds, dictionary, r);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, byte[][] seeds, byte[][] dictionary, Random r) {
        int len = b.length;
        switch (r.nextInt(9)) {
            case 0 -> { // flip bits
                if (len > 0) {
                    b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // overwrite with an interesting byte
                if (len > 0) {
                    byte[] interesting = {0, (byte) 0xff, (byte) 0x7f, (byte) 0x80, '\\', '"', 0x1f, (byte) 0xc0};
                    b[r.nextInt(len)] = interesting[r.nextInt(interesting.length)];
                }
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(len + 1)); // truncate
            case 3 -> { // splice with another seed
                byte[] other = seeds[r.nextInt(seeds.length)];
                int cut = r.nextInt(len + 1);
                int from = r.nextInt(other.length + 1);
                b = concat(Arrays.copyOf(b, cut), Arrays.copyOfRange(other, from, other.length));
            }
            case 4 -> { // repeat a block many times (huge arrays, deep nesting)
                if (len > 0) {
                    int at = r.nextInt(len);
                    int blockLen = 1 + r.nextInt(Math.min(16, len - at));
                    byte[] block = Arrays.copyOfRange(b, at, at + blockLen);
                    int times = 1 + r.nextInt(r.nextBoolean() ? 8 : 2000);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    for (int i = 0; i < times; i++) {
                        out.write(block, 0, block.length);
                    }
                    out.write(b, at, len - at);
                    b = out.toByteArray();
                }
            }
            case 5, 6 -> { // insert a format token
                byte[] token = dictionary[r.nextInt(dictionary.length)];
                int at = r.nextInt(len + 1);
                b = concat(concat(Arrays.copyOf(b, at), token), Arrays.copyOfRange(b, at, len));
            }
            case 7 -> { // inflate what may be a length: a byte becomes a big varint / CBOR length head
                if (len > 0) {
                    int at = r.nextInt(len);
                    byte[] big = r.nextBoolean()
                            ? new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}
                            : new byte[] {(byte) ((b[at] & 0xe0) | 0x1a), 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                    b = concat(concat(Arrays.copyOf(b, at), big), Arrays.copyOfRange(b, at + 1, len));
                }
            }
            default -> { // random bytes in the middle
                byte[] block = new byte[1 + r.nextInt(8)];
                r.nextBytes(block);
                int at = r.nextInt(len + 1);
                b = concat(concat(Arrays.copyOf(b, at), block), Arrays.copyOfRange(b, at, len));
            }
        }
        return b;
    }

    private static JsonNode json(Random r) {
        if (r.nextInt(10) == 0) { // an array of reading objects
            ArrayNode a = NODES.arrayNode();
            for (int n = r.nextInt(r.nextInt(20) == 0 ? 300 : 4); n >= 0; n--) {
                a.add(jsonObject(r, 0));
            }
            return a;
        }
        return jsonObject(r, 0);
    }

    private static ObjectNode jsonObject(Random r, int depth) {
        ObjectNode o = NODES.objectNode();
        if (depth == 0) {
            if (r.nextBoolean()) {
                o.set("deviceId", r.nextInt(3) == 0 ? hostileValue(r) : NODES.textNode(pick(r, HOSTILE_TEXT)));
            }
            if (r.nextBoolean()) {
                o.set("ts", r.nextBoolean() ? NODES.numberNode(r.nextLong()) : hostileValue(r));
            }
            if (r.nextInt(3) == 0) {
                o.set("seq", hostileValue(r));
            }
        }
        for (int n = r.nextInt(r.nextInt(40) == 0 ? 200 : 5); n >= 0; n--) {
            String name = r.nextInt(6) == 0 ? pick(r, HOSTILE_TEXT) : "m" + r.nextInt(50);
            o.set(name, depth < 4 && r.nextInt(6) == 0 ? jsonObject(r, depth + 1)
                    : r.nextInt(3) == 0 ? hostileValue(r) : NODES.numberNode(r.nextGaussian() * 100));
        }
        return o;
    }

    private static JsonNode hostileValue(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> NODES.numberNode(new java.math.BigDecimal(pickNumber(r)));
            case 1 -> NODES.textNode(pick(r, HOSTILE_TEXT));
            case 2 -> NODES.booleanNode(r.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(r.nextDouble());
            case 5 -> NODES.numberNode(r.nextGaussian() * 100);
            default -> NODES.textNode(pickNumber(r));
        };
    }

    private static String pickNumber(Random r) {
        String n = pick(r, NUMBERS);
        return n.chars().allMatch(c -> Character.isDigit(c) || "+-.eE".indexOf(c) >= 0) ? n : "1";
    }

    private static byte[] plain(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> utf8(pick(r, NUMBERS));
            case 1 -> utf8(pick(r, HOSTILE_TEXT));
            case 2 -> {
                byte[] b = new byte[r.nextInt(64)];
                r.nextBytes(b);
                yield b;
            }
            case 3 -> utf8(" \t" + r.nextGaussian() + "\n");
            default -> utf8(pick(r, NUMBERS) + pick(r, HOSTILE_TEXT));
        };
    }

    /** A SenML pack; with {@code cborLabels} the labels are RFC 8428 table 4 integers. */
    private static ArrayNode senml(Random r, boolean cborLabels) {
        ArrayNode pack = NODES.arrayNode();
        for (int n = r.nextInt(r.nextInt(8) == 0 ? 300 : 6); n >= 0; n--) {
            ObjectNode rec = NODES.objectNode();
            if (r.nextInt(4) == 0) {
                put(rec, "bn", -2, NODES.textNode(r.nextBoolean() ? "urn:dev:ow:10e2073a01080063:" : pick(r, HOSTILE_TEXT)),
                        cborLabels);
            }
            if (r.nextInt(4) == 0) {
                put(rec, "bt", -3, NODES.numberNode(r.nextBoolean() ? 1.276020076001e9 : r.nextGaussian() * 1e12),
                        cborLabels);
            }
            if (r.nextInt(8) == 0) {
                put(rec, "bver", -1, NODES.numberNode(r.nextInt(14) - 2), cborLabels);
            }
            if (r.nextInt(6) == 0) {
                put(rec, "bu", -4, NODES.textNode(pick(r, new String[] {"Cel", "%RH", "degF", "kPa", "\u0000"})),
                        cborLabels);
            }
            put(rec, "n", 0, NODES.textNode(r.nextBoolean() ? "temp" : pick(r, HOSTILE_TEXT)), cborLabels);
            switch (r.nextInt(6)) {
                case 0 -> put(rec, "v", 2, hostileValue(r), cborLabels);
                case 1 -> put(rec, "vs", 3, NODES.textNode(pick(r, HOSTILE_TEXT)), cborLabels);
                case 2 -> put(rec, "vb", 4, NODES.booleanNode(r.nextBoolean()), cborLabels);
                case 3 -> put(rec, "vd", 8, cborLabels ? NODES.binaryNode(new byte[r.nextInt(40)])
                        : NODES.textNode(pick(r, new String[] {"aGkgCg", "aGkgCg==", "!!", ""})), cborLabels);
                case 4 -> put(rec, "s", 5, NODES.numberNode(r.nextGaussian()), cborLabels);
                default -> put(rec, "v", 2, NODES.numberNode(r.nextGaussian() * 50), cborLabels);
            }
            if (r.nextBoolean()) {
                put(rec, "t", 6, r.nextBoolean() ? NODES.numberNode(-r.nextInt(100)) : hostileValue(r), cborLabels);
            }
            if (r.nextInt(20) == 0) {
                rec.put("x_", 1);
            }
            pack.add(rec);
        }
        return pack;
    }

    private static void put(ObjectNode rec, String label, int cborLabel, JsonNode value, boolean cborLabels) {
        rec.set(cborLabels ? Integer.toString(cborLabel) : label, value);
    }

    /** CBOR with integer keys: Jackson writes object keys as text, so the map is written by hand. */
    private static byte[] cbor(ArrayNode pack) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                var g = CBOR.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (JsonNode rec : pack) {
                g.writeStartObject();
                for (var it = rec.properties().iterator(); it.hasNext(); ) {
                    var field = it.next();
                    ((com.fasterxml.jackson.dataformat.cbor.CBORGenerator) g).writeFieldId(
                            Long.parseLong(field.getKey().replace("x_", "99")));
                    CBOR.writeTree(g, field.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sparkplug(Random r) {
        Payload.Builder p = Payload.newBuilder();
        if (r.nextBoolean()) {
            p.setTimestamp(r.nextBoolean() ? 1_486_144_502_122L : r.nextLong());
        }
        if (r.nextBoolean()) {
            p.setSeq(r.nextInt(300) - 20);
        }
        for (int n = r.nextInt(r.nextInt(8) == 0 ? 200 : 5); n >= 0; n--) {
            Payload.Metric.Builder m = Payload.Metric.newBuilder();
            if (r.nextInt(4) != 0) {
                m.setName(r.nextBoolean() ? "Supply Voltage" : pick(r, HOSTILE_TEXT));
            }
            if (r.nextBoolean()) {
                m.setAlias(r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(5));
            }
            int type = r.nextInt(35);
            m.setDatatype(type);
            switch (r.nextInt(8)) {
                case 0 -> m.setIntValue(r.nextInt());
                case 1 -> m.setLongValue(r.nextLong());
                case 2 -> m.setFloatValue(r.nextBoolean() ? Float.NaN : r.nextFloat());
                case 3 -> m.setDoubleValue(r.nextBoolean() ? Double.POSITIVE_INFINITY : r.nextGaussian());
                case 4 -> m.setBooleanValue(r.nextBoolean());
                case 5 -> m.setStringValue(pick(r, HOSTILE_TEXT));
                case 6 -> {
                    byte[] b = new byte[r.nextInt(r.nextBoolean() ? 16 : 4096)];
                    r.nextBytes(b);
                    m.setBytesValue(ByteString.copyFrom(b));
                }
                default -> m.setIsNull(true);
            }
            if (r.nextInt(4) == 0) {
                m.setTimestamp(r.nextLong());
            }
            p.addMetrics(m);
        }
        return p.build().toByteArray();
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[][] tokens(String... tokens) {
        return Arrays.stream(tokens).map(FuzzInputs::utf8).toArray(byte[][]::new);
    }

    /** The hostile texts the generators use (lone surrogates are left to the byte-level mutations). */
    public static List<String> hostileTexts() {
        return List.of(HOSTILE_TEXT);
    }
}
