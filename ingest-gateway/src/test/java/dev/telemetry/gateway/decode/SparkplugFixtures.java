package dev.telemetry.gateway.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.telemetry.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/** Loads the Sparkplug fixtures of {@code src/test/resources/sparkplug} and encodes payloads with tahu-core. */
final class SparkplugFixtures {

    private SparkplugFixtures() {
    }

    static JsonNode json(String name) {
        try (InputStream in = SparkplugFixtures.class.getResourceAsStream("/sparkplug/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource sparkplug/" + name);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The topic of a spec chapter 6 example, e.g. {@code NBIRTH}. */
    static String specTopic(String type) {
        return json("spec-3.0-chapter6-examples.json").get(type).get("topics").get(0).asText();
    }

    /** The spec chapter 6 example payload of {@code type}, encoded as protobuf. */
    static byte[] specPayload(String type) {
        return specPayloadBuilder(type).build().toByteArray();
    }

    static Payload.Builder specPayloadBuilder(String type) {
        JsonNode p = json("spec-3.0-chapter6-examples.json").get(type).get("payloads").get(0);
        Payload.Builder b = Payload.newBuilder().setTimestamp(p.get("timestamp").longValue());
        if (p.has("seq")) {
            b.setSeq(p.get("seq").longValue());
        }
        if (p.has("metrics")) {
            for (JsonNode m : p.get("metrics")) {
                b.addMetrics(metric(m.get("name").asText(), DataType.valueOf(m.get("dataType").asText()),
                        m.get("value")).setTimestamp(m.get("timestamp").longValue()));
            }
        }
        return b;
    }

    /** A metric with a scalar value taken from JSON, in the protobuf field its datatype uses. */
    static Payload.Metric.Builder metric(String name, DataType type, JsonNode value) {
        Payload.Metric.Builder m = Payload.Metric.newBuilder().setName(name).setDatatype(type.getNumber());
        switch (type) {
            case Int8, Int16, Int32, UInt8, UInt16, UInt32 -> m.setIntValue(value.intValue());
            case Int64, UInt64, DateTime -> m.setLongValue(value.longValue());
            case Float -> m.setFloatValue(value.floatValue());
            case Double -> m.setDoubleValue(value.doubleValue());
            case Boolean -> m.setBooleanValue(value.booleanValue());
            case String, Text, UUID -> m.setStringValue(value.asText());
            default -> throw new IllegalArgumentException("no scalar fixture for " + type);
        }
        return m;
    }

    /** A benthos-umh vector's payload bytes. */
    static byte[] benthos(String name) {
        for (JsonNode v : json("benthos-umh-sparkplugb-vectors.json").get("vectors")) {
            if (v.get("name").asText().equals(name)) {
                return Base64.getDecoder().decode(v.get("base64").asText());
            }
        }
        throw new IllegalArgumentException("no benthos vector " + name);
    }

    /** A benthos-umh vector re-encoded with another seq. */
    static byte[] benthosWithSeq(String name, long seq) {
        try {
            return Payload.parseFrom(benthos(name)).toBuilder().setSeq(seq).build().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One metric with an array datatype whose bytes are the spec vector's little-endian encoding. */
    static byte[] arrayPayload(JsonNode vector, long seq) {
        JsonNode hex = vector.get("little_endian_computed");
        byte[] bytes = new byte[hex.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.get(i).asText().substring(2), 16);
        }
        return Payload.newBuilder().setTimestamp(1_486_144_502_122L).setSeq(seq)
                .addMetrics(Payload.Metric.newBuilder().setName(vector.get("type").asText())
                        .setDatatype(vector.get("enum").intValue()).setBytesValue(ByteString.copyFrom(bytes)))
                .build().toByteArray();
    }

    static SparkplugBProto.Payload parse(byte[] bytes) {
        try {
            return Payload.parseFrom(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
