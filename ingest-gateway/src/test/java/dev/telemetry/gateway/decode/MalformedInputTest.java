package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input never throws out of the router: valid fixtures of every format, cut, bit-flipped and
 * spliced (seeded, so a failure reproduces), always come back as a success or a coded failure.
 */
class MalformedInputTest {

    private static final int ROUNDS = 3000;

    private final PayloadRouter router = PayloadRouter.of(List.of(
            new Route("senml", "senml/+", SenmlDecoder.FORMAT_JSON, TopicTemplate.parse("senml/{deviceId}")),
            new Route("cbor", "cbor/+", SenmlDecoder.FORMAT_CBOR, TopicTemplate.parse("cbor/{deviceId}")),
            new Route("sparkplug", "spBv1.0/#", SparkplugDecoder.FORMAT, null),
            new Route("plain", "sensors/+/+", PlainDecoder.FORMAT, TopicTemplate.parse("sensors/{deviceId}/{metric}")),
            new Route("json", "sensors/+", JsonDecoder.FORMAT, TopicTemplate.parse("sensors/{deviceId}"))),
            "gw-1", JsonFields.DEFAULTS, false, 64 * 1024);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "json, sensors/d-1",
        "plain, sensors/d-1/t",
        "senml-json, senml/d-1",
        "senml-cbor, cbor/d-1",
        "sparkplug-b, spBv1.0/Sparkplug B Devices/NDATA/Raspberry Pi"})
    void shouldNeverThrowOnMangledPayloads(String format, String topic) {
        byte[] valid = fixture(format);
        Random random = new Random(format.hashCode());
        // a live session, so Sparkplug data gets past the birth check
        router.decode(SparkplugFixtures.specTopic("NBIRTH"), SparkplugFixtures.specPayload("NBIRTH"), 1L);
        int failures = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] mangled = mangle(valid, random);

            DecodeResult r = router.decode(topic, mangled, 1_700_000_000_000L);

            assertThat(r.format()).isEqualTo(format);
            if (r instanceof DecodeResult.Failure f) {
                assertThat(f.error().code()).as("payload %s", Arrays.toString(mangled))
                        .isNotEqualTo(DecodeException.Code.INTERNAL_ERROR);
                failures++;
            }
        }
        // the mangling must actually produce bad input, or this test proves nothing
        assertThat(failures).isGreaterThan(ROUNDS / 10);
    }

    private static byte[] fixture(String format) {
        return switch (format) {
            case "json" -> "{\"ts\": 1714564800, \"seq\": 3, \"env\": {\"t\": 21.5, \"ok\": true}, \"s\": \"x\"}"
                    .getBytes(StandardCharsets.UTF_8);
            case "plain" -> "21.5".getBytes(StandardCharsets.UTF_8);
            case "senml-json" -> SenmlOracleTest.resource("ex7.json");
            case "senml-cbor" -> SenmlOracleTest.resource("ex3.gen.cbor");
            default -> SparkplugFixtures.specPayload("NDATA");
        };
    }

    private static byte[] mangle(byte[] valid, Random random) {
        byte[] b = valid.clone();
        switch (random.nextInt(4)) {
            case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1)); // cut
            case 1 -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8)); // flip bits
                }
            }
            case 2 -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256); // overwrite bytes
                }
            }
            default -> { // splice a random block in
                byte[] block = new byte[1 + random.nextInt(16)];
                random.nextBytes(block);
                int at = random.nextInt(b.length + 1);
                byte[] out = new byte[b.length + block.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(block, 0, out, at, block.length);
                System.arraycopy(b, at, out, at + block.length, b.length - at);
                b = out;
            }
        }
        return b;
    }
}
