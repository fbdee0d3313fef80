package dev.telemetry.gateway.decode.fuzz;

import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.PayloadRouter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * Feeds one fuzz input to its decoder through a {@link FuzzHarness}. The input is the payload, except
 * for Sparkplug, whose first byte picks the message type ({@link FuzzTargets#SPARKPLUG_TYPES}) and
 * whose rest is the payload; before a Sparkplug input that follows a birth or death the edge node and
 * its device are born again (outside the measurement), so that data messages reach the alias and value decoding instead of
 * stopping at {@code SPARKPLUG_NOT_BORN}.
 */
public final class FuzzDriver implements AutoCloseable {

    private static final byte[] NBIRTH = Payload.newBuilder().setTimestamp(1_486_144_502_122L).setSeq(0)
            .addMetrics(Payload.Metric.newBuilder().setName("bdSeq").setDatatype(4).setLongValue(0))
            .addMetrics(Payload.Metric.newBuilder().setName("Supply Voltage").setAlias(1).setDatatype(10)
                    .setDoubleValue(12.1))
            .addMetrics(Payload.Metric.newBuilder().setName("Inputs").setAlias(2).setDatatype(22)
                    .setBytesValue(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3, 4})))
            .build().toByteArray();
    private static final byte[] DBIRTH = Payload.newBuilder().setTimestamp(1_486_144_502_122L).setSeq(1)
            .addMetrics(Payload.Metric.newBuilder().setName("Input 1").setAlias(3).setDatatype(11)
                    .setBooleanValue(true))
            .build().toByteArray();

    private final PayloadRouter router;
    private final FuzzHarness harness;
    private boolean sessionTouched = true;

    public FuzzDriver(PayloadRouter router, int maxReadings) {
        this.router = router;
        this.harness = new FuzzHarness(router, maxReadings);
    }

    public FuzzHarness harness() {
        return harness;
    }

    /** Checks one input of {@code target}; throws {@link FuzzHarness.FuzzFinding} when a property breaks. */
    public DecodeResult run(FuzzTargets target, byte[] input) {
        if (target != FuzzTargets.SPARKPLUG) {
            return harness.check(target.topic(), target.contentType(), input);
        }
        String type = input.length == 0 ? "NDATA"
                : FuzzTargets.SPARKPLUG_TYPES[(input[0] & 0xff) % FuzzTargets.SPARKPLUG_TYPES.length];
        byte[] payload = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        if (sessionTouched) {
            router.decode(FuzzTargets.sparkplugTopic("NBIRTH"), NBIRTH, 1L);
            router.decode(FuzzTargets.sparkplugTopic("DBIRTH"), DBIRTH, 1L);
        }
        // births and deaths may end or replace the session the next input needs; data does not
        sessionTouched = type.contains("BIRTH") || type.contains("DEATH");
        return harness.check(FuzzTargets.sparkplugTopic(type), null, payload);
    }

    /** The seed inputs of a fuzz test method, from {@code DecoderFuzzTestInputs/<method>/}. */
    public static byte[][] seeds(String method) {
        URL dir = FuzzDriver.class.getResource("DecoderFuzzTestInputs/" + method);
        if (dir == null) {
            throw new IllegalStateException("missing test resource folder DecoderFuzzTestInputs/" + method);
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.sorted().map(FuzzDriver::read).toArray(byte[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        harness.close();
    }
}
