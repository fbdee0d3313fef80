package dev.telemetry.gateway.decode.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.gateway.decode.DecodeLimits;
import dev.telemetry.gateway.decode.DecodeResult;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short, seeded fuzz run of every decoder in the default test suite: structured inputs with
 * hostile values ({@link FuzzInputs#generate}) and mutations of the seed corpus, through the
 * {@link FuzzHarness} properties. {@code -Dfuzz.inputs=N} (default 2,000 per decoder) and
 * {@code -Dfuzz.seed=S} make it a long run without Jazzer ({@code -Dfuzz.target=SPARKPLUG} for one decoder); a failure prints the input in base64.
 */
class DecoderFuzzSmokeTest {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderFuzzSmokeTest.class);
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 2000);
    private static final long SEED = Long.getLong("fuzz.seed", 20_261_129L);

    @ParameterizedTest
    @EnumSource(FuzzTargets.class)
    void shouldKeepEveryPropertyForGeneratedAndMutatedInputs(FuzzTargets target) {
        String only = System.getProperty("fuzz.target"); // e.g. -Dfuzz.target=SPARKPLUG for a long run of one
        Assumptions.assumeTrue(only == null || only.isBlank() || only.equals(target.name()), "fuzz.target=" + only);
        byte[][] seeds = FuzzDriver.seeds(method(target));
        byte[][] dictionary = FuzzInputs.tokens(target);
        Random random = new Random(SEED * 31 + target.ordinal());
        int successes = 0;
        int failures = 0;
        long start = System.nanoTime();
        try (FuzzDriver driver = new FuzzDriver(FuzzTargets.router(), DecodeLimits.DEFAULTS.maxReadings())) {
            for (byte[] seed : seeds) {
                driver.run(target, seed); // also warms up class loading outside the bounded inputs
            }
            byte[][] pool = Arrays.copyOf(seeds, seeds.length + 1);
            for (int i = 0; i < INPUTS; i++) {
                byte[] input;
                if (i % 3 == 0) {
                    input = FuzzInputs.generate(target, random);
                    if (target == FuzzTargets.SPARKPLUG) {
                        input = withTypeByte(input, random);
                    }
                    pool[seeds.length] = input;
                } else {
                    input = FuzzInputs.mutate(pool, dictionary, random);
                }
                DecodeResult r = driver.run(target, input);
                if ((i + 1) % 50_000 == 0) {
                    LOG.info("fuzz {}: {} inputs in {} s", target, i + 1, (System.nanoTime() - start) / 1_000_000_000);
                }
                if (r instanceof DecodeResult.Success) {
                    successes++;
                } else {
                    failures++;
                }
            }
            LOG.info("fuzz {}: {} inputs (seed {}) in {} ms: {} accepted, {} rejected; max {} ms and {} bytes"
                    + " allocated for one input", target, INPUTS, SEED, (System.nanoTime() - start) / 1_000_000,
                    successes, failures, driver.harness().maxNanos() / 1_000_000,
                    driver.harness().maxAllocatedBytes());
            LOG.info("fuzz {}: slowest input ({} bytes) starts with {}", target, driver.harness().slowest().length,
                    new String(Arrays.copyOf(driver.harness().slowest(), Math.min(200,
                            driver.harness().slowest().length)), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        // the inputs must reach both outcomes, or the run explored nothing
        assertThat(successes).as("accepted inputs").isPositive();
        assertThat(failures).as("rejected inputs").isPositive();
    }

    static String method(FuzzTargets target) {
        return switch (target) {
            case JSON -> "fuzzJson";
            case PLAIN -> "fuzzPlain";
            case SENML_JSON -> "fuzzSenmlJson";
            case SENML_CBOR -> "fuzzSenmlCbor";
            case SPARKPLUG -> "fuzzSparkplug";
        };
    }

    private static byte[] withTypeByte(byte[] payload, Random random) {
        byte[] out = new byte[payload.length + 1];
        out[0] = (byte) random.nextInt(FuzzTargets.SPARKPLUG_TYPES.length);
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }
}
