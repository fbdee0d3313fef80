package dev.telemetry.gateway.decode.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telemetry.gateway.decode.DecodeLimits;

/**
 * Coverage-guided fuzzing of every gateway decoder with Jazzer (libFuzzer for the JVM), through the
 * {@link FuzzHarness} properties: nothing escapes, every rejection has a DLQ reason, at most 1 s and
 * 64 bytes allocated per payload byte, plus 1 KiB per decoded reading (+1 MiB), per input.
 *
 * <p>In the ordinary test run (regression mode) each method replays its seed inputs from
 * {@code src/test/resources/.../DecoderFuzzTestInputs/<method>/} and any crash files saved there.
 * With {@code JAZZER_FUZZ=1} one method at a time fuzzes, for up to {@code maxExecutions} inputs:
 * {@code scripts/fuzz-decoders} runs them one after the other (see docs/security.md).
 */
class DecoderFuzzTest {

    private static final FuzzDriver DRIVER = new FuzzDriver(FuzzTargets.router(),
            DecodeLimits.DEFAULTS.maxReadings());

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "4h")
    void fuzzJson(byte[] input) {
        DRIVER.run(FuzzTargets.JSON, input);
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "4h")
    void fuzzPlain(byte[] input) {
        DRIVER.run(FuzzTargets.PLAIN, input);
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "4h")
    void fuzzSenmlJson(byte[] input) {
        DRIVER.run(FuzzTargets.SENML_JSON, input);
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "4h")
    void fuzzSenmlCbor(byte[] input) {
        DRIVER.run(FuzzTargets.SENML_CBOR, input);
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "4h")
    void fuzzSparkplug(byte[] input) {
        DRIVER.run(FuzzTargets.SPARKPLUG, input);
    }
}
