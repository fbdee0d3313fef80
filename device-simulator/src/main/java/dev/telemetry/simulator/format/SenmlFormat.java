package dev.telemetry.simulator.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.telemetry.model.Json;
import dev.telemetry.simulator.device.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * One RFC 8428 SenML pack per message, one record per metric, in JSON ({@code senml-json},
 * {@code application/senml+json}) or CBOR ({@code senml-cbor}, {@code application/senml+cbor},
 * the integer labels of RFC 8428 table 4):
 * <pre>[{"bn":"sim-00001:","bt":1718000000.123,"n":"temperature","u":"Cel","v":21.53},
 *  {"n":"humidity","u":"%RH","v":45.2},{"n":"pressure","u":"Pa","v":101325.0}]</pre>
 * The base name is {@code <deviceId>:}, so the gateway takes the device from the pack, not the
 * topic. {@code bt} is absolute epoch seconds with exactly the millisecond precision of the tick
 * (written as a decimal, so the gateway resolves the same millisecond). Units are SenML / UCUM
 * symbols the gateway normalizes ({@code Cel}, {@code %RH}, {@code Pa}). SenML has no sequence
 * number: {@code seq} is not sent.
 */
public final class SenmlFormat extends PackFormat {

    /** RFC 8428 table 4 CBOR labels. */
    private static final int BN = -2;
    private static final int BT = -3;
    private static final int N = 0;
    private static final int U = 1;
    private static final int V = 2;

    private static final JsonFactory JSON = Json.mapper().getFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private final boolean cbor;

    private SenmlFormat(boolean cbor) {
        this.cbor = cbor;
    }

    public static SenmlFormat json() {
        return new SenmlFormat(false);
    }

    public static SenmlFormat cbor() {
        return new SenmlFormat(true);
    }

    @Override
    public String name() {
        return cbor ? "senml-cbor" : "senml-json";
    }

    @Override
    public String contentType() {
        return cbor ? "application/senml+cbor" : "application/senml+json";
    }

    @Override
    public boolean isJson() {
        return !cbor;
    }

    @Override
    protected String statedUnit(Sample.Measurement m) {
        return m.unit();
    }

    @Override
    public byte[] encode(Sample sample) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator gen = cbor ? CBOR.createGenerator(out) : JSON.createGenerator(out)) {
            gen.writeStartArray();
            boolean first = true;
            for (Sample.Measurement m : sample.values()) {
                gen.writeStartObject();
                if (first) {
                    field(gen, BN, "bn");
                    gen.writeString(sample.deviceId() + ":");
                    field(gen, BT, "bt");
                    if (cbor) {
                        // a double whose shortest decimal form is the exact millisecond value
                        gen.writeNumber(sample.timestamp() / 1000.0);
                    } else {
                        gen.writeNumber(BigDecimal.valueOf(sample.timestamp(), 3));
                    }
                    first = false;
                }
                field(gen, N, "n");
                gen.writeString(m.metric());
                field(gen, U, "u");
                gen.writeString(m.unit());
                field(gen, V, "v");
                gen.writeNumber(m.value());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; this would be a bug
            throw new UncheckedIOException("cannot encode sample of " + sample.deviceId(), e);
        }
        return out.toByteArray();
    }

    private void field(JsonGenerator gen, int label, String name) throws IOException {
        if (cbor) {
            gen.writeFieldId(label);
        } else {
            gen.writeFieldName(name);
        }
    }
}
