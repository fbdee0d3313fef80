package dev.telemetry.simulator.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.RebirthRequester;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.simulator.device.DeviceModel;
import dev.telemetry.simulator.device.MetricSet;
import dev.telemetry.simulator.device.Sample;
import dev.telemetry.simulator.fault.Fault;
import dev.telemetry.simulator.fault.FaultConfig;
import dev.telemetry.simulator.fault.FaultInjector;
import dev.telemetry.simulator.fault.Outgoing;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the simulator publishes in each format is decoded by the gateway's real decoders, configured
 * with the subscription block the device-simulator README gives for that format, into exactly the
 * readings the simulator records as sent (device, metric, value after unit normalization, unit,
 * event time).
 */
class FormatDecodeTest {

    private static final long T0 = 1_718_000_000_123L;
    private static final long RECEIVED_AT = 1_800_000_000_000L;
    private static final int DEVICES = 10;
    /** More than 256 ticks, so Sparkplug's seq wraps. */
    private static final int TICKS = 300;

    /** The README's subscription blocks (device-simulator README, "Formats and gateway subscriptions"). */
    static final Map<String, String> SUBSCRIPTIONS = Map.of(
            "json", """
                    subscriptions=json
                    subscription.json.filter=sensors/+
                    subscription.json.format=json
                    subscription.json.topic-template=sensors/{deviceId}
                    """,
            "senml-json", """
                    subscriptions=senml
                    subscription.senml.filter=sensors/+
                    subscription.senml.format=senml-json
                    subscription.senml.topic-template=sensors/{deviceId}
                    """,
            "senml-cbor", """
                    subscriptions=senml
                    subscription.senml.filter=sensors/+
                    subscription.senml.format=senml-cbor
                    subscription.senml.topic-template=sensors/{deviceId}
                    """,
            "plain", """
                    subscriptions=plain
                    subscription.plain.filter=sensors/+/+
                    subscription.plain.format=plain
                    subscription.plain.topic-template=sensors/{deviceId}/{metric}
                    """,
            "sparkplug-b", """
                    subscriptions=sparkplug
                    subscription.sparkplug.filter=spBv1.0/sensors/#
                    subscription.sparkplug.format=sparkplug-b
                    """,
            "mixed", """
                    subscriptions=sparkplug,plain,packs
                    subscription.sparkplug.filter=spBv1.0/sensors/#
                    subscription.sparkplug.format=sparkplug-b
                    subscription.plain.filter=sensors/+/+
                    subscription.plain.format=plain
                    subscription.plain.topic-template=sensors/{deviceId}/{metric}
                    subscription.packs.filter=sensors/+
                    subscription.packs.format=auto
                    subscription.packs.topic-template=sensors/{deviceId}
                    """);

    static PayloadRouter gatewayFor(String format) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(SUBSCRIPTIONS.get(format)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return GatewayConfig.from(ConfigSource.of(values)).router(RebirthRequester.NONE);
    }

    /** The ticks of a small fleet, device by device interleaved, through each device's own encoder or injector. */
    private static List<Outgoing> run(String formatName, FaultConfig faults) {
        return run(formatName, faults, TICKS);
    }

    private static List<Outgoing> run(String formatName, FaultConfig faults, int ticks) {
        PayloadFormat format = PayloadFormat.byName(formatName);
        List<DeviceModel> devices = new ArrayList<>();
        List<DeviceEncoder> encoders = new ArrayList<>();
        List<FaultInjector> injectors = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            String id = DeviceModel.deviceId("sim-", i, DEVICES);
            devices.add(DeviceModel.create(id, i, 42L, MetricSet.standard()));
            encoders.add(format.encoder("sensors", i, id));
            injectors.add(new FaultInjector(faults, 42L, i));
        }
        List<Outgoing> out = new ArrayList<>();
        for (int tick = 0; tick < ticks; tick++) {
            for (int i = 0; i < DEVICES; i++) {
                Sample sample = devices.get(i).next(T0 + 60_000L * tick + i);
                if (faults.isNone()) {
                    encoders.get(i).encode(sample).forEach(e -> out.add(Outgoing.of(e)));
                } else {
                    out.addAll(injectors.get(i).apply(sample, encoders.get(i)));
                }
            }
        }
        return out;
    }

    private static DecodeResult decode(PayloadRouter gateway, Outgoing m) {
        return gateway.decode(m.topic(), m.contentType(), m.payload(), RECEIVED_AT);
    }

    private static void assertDecodesToRecorded(PayloadRouter gateway, Outgoing m) {
        DecodeResult result = decode(gateway, m);
        assertThat(result).as("%s %s", m.topic(), result).isInstanceOf(DecodeResult.Success.class);
        List<Reading> readings = ((DecodeResult.Success) result).readings();
        assertThat(readings).hasSize(m.expected().size()).hasSize(m.readings());
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            ExpectedReading e = m.expected().get(i);
            assertThat(r.deviceId()).isEqualTo(e.deviceId());
            assertThat(r.metric()).isEqualTo(e.metric());
            assertThat(r.value()).isEqualTo(ReadingValue.of(e.value()));
            assertThat(r.unit()).isEqualTo(e.unit());
            assertThat(r.eventTime()).as("event time of %s", m.topic())
                    .isEqualTo(e.eventTime() == null ? RECEIVED_AT : e.eventTime());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "senml-json", "senml-cbor", "plain", "sparkplug-b", "mixed"})
    void shouldDecodeEveryMessageToTheRecordedReadingsWithTheGatewayDecoder(String format) {
        PayloadRouter gateway = gatewayFor(format);
        List<Outgoing> messages = run(format, FaultConfig.NONE);

        messages.forEach(m -> assertDecodesToRecorded(gateway, m));
        int perTick = format.equals("plain") ? 3 : 1;
        int mixedPlainExtra = format.equals("mixed") ? 2 * 2 * TICKS : 0; // devices 4 and 9 are plain
        assertThat(messages).hasSize(DEVICES * TICKS * perTick + mixedPlainExtra);
        assertThat(messages.stream().mapToInt(Outgoing::readings).sum()).isEqualTo(DEVICES * TICKS * 3);
    }

    @Test
    void shouldGiveTheDevicesOfAMixedRunEveryFormatByIndex() {
        List<Outgoing> messages = run("mixed", FaultConfig.NONE);

        assertThat(messages).extracting(Outgoing::topic).contains("sensors/sim-00001", "sensors/sim-00004/temperature",
                "spBv1.0/sensors/NBIRTH/sim-00005", "spBv1.0/sensors/NDATA/sim-00010");
        assertThat(messages).extracting(Outgoing::contentType).contains("application/json",
                "application/senml+json", "application/senml+cbor", "text/plain");
        assertThat(MixedFormat.formatOf(7).name()).isEqualTo("senml-cbor");
    }

    @Test
    void shouldBirthEachSparkplugEdgeNodeOnce() {
        List<Outgoing> messages = run("sparkplug-b", FaultConfig.NONE);

        assertThat(messages.stream().filter(m -> m.topic().contains("/NBIRTH/"))).hasSize(DEVICES);
        assertThat(messages.get(0).topic()).isEqualTo("spBv1.0/sensors/NBIRTH/sim-00001");
        assertThat(messages.get(DEVICES).topic()).isEqualTo("spBv1.0/sensors/NDATA/sim-00001");
    }

    @Test
    void shouldCountSparkplugSeqFromZeroAndWrapAfter255() throws Exception {
        List<Outgoing> node = run("sparkplug-b", FaultConfig.NONE).stream()
                .filter(m -> m.topic().endsWith("/sim-00003")).toList();

        for (int i = 0; i < node.size(); i++) {
            assertThat(Payload.parseFrom(node.get(i).payload()).getSeq()).isEqualTo(i % 256);
        }
        assertThat(Payload.parseFrom(node.get(0).payload()).getMetricsList()).extracting(Payload.Metric::getName)
                .containsExactly("bdSeq", "Node Control/Rebirth", "temperature", "humidity", "pressure");
        assertThat(Payload.parseFrom(node.get(1).payload()).getMetricsList()).extracting(Payload.Metric::getAlias)
                .containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "senml-json", "senml-cbor", "plain", "sparkplug-b", "mixed"})
    void shouldHaveEveryMalformedMessageRejectedByTheGatewayDecoderOfItsFormat(String format) {
        FaultConfig malformed = new FaultConfig(0, 0, 3, 0, Duration.ofMinutes(10), 0, Duration.ofSeconds(30), 1, 0,
                300_000, 0, 5);
        PayloadRouter gateway = gatewayFor(format);
        int rejected = 0;
        for (Outgoing m : run(format, malformed)) {
            if (!m.faults().contains(Fault.MALFORMED)) { // a Sparkplug NBIRTH is never malformed
                assertThat(m.topic()).contains("/NBIRTH/");
                assertDecodesToRecorded(gateway, m);
                continue;
            }
            assertThat(m.readings()).isZero();
            DecodeResult result = decode(gateway, m);
            assertThat(result).as("%s %s", m.topic(), result).isInstanceOf(DecodeResult.Failure.class);
            assertThat(((DecodeResult.Failure) result).error().code()).isIn(Set.of(Code.INVALID_JSON,
                    Code.INVALID_CBOR, Code.INVALID_VALUE, Code.INVALID_SPARKPLUG_PAYLOAD));
            rejected++;
        }
        assertThat(rejected).isGreaterThanOrEqualTo(DEVICES * (TICKS - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "senml-json", "senml-cbor", "plain", "sparkplug-b"})
    void shouldHaveOversizedMessagesRejectedAsTooLarge(String format) {
        FaultConfig oversized = new FaultConfig(0, 0, 3, 0, Duration.ofMinutes(10), 0, Duration.ofSeconds(30), 0, 1,
                300_000, 0, 5);
        PayloadRouter gateway = gatewayFor(format);
        List<Outgoing> messages = run(format, oversized, 3).stream()
                .filter(m -> m.faults().contains(Fault.OVERSIZED)).toList();

        assertThat(messages).isNotEmpty();
        for (Outgoing m : messages) {
            DecodeResult.Failure failure = (DecodeResult.Failure) decode(gateway, m);
            assertThat(failure.error().code()).isEqualTo(Code.PAYLOAD_TOO_LARGE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "senml-json", "senml-cbor", "plain", "sparkplug-b", "mixed"})
    void shouldStillDecodeToTheRecordedReadingsWithTimeAndValueFaults(String format) {
        // duplicates, reorder, late, skew, spikes, silences, flatlines: the recording stays the oracle
        FaultConfig faults = new FaultConfig(0.05, 0.05, 3, 0.05, Duration.ofMinutes(10), 0.5,
                Duration.ofSeconds(30), 0, 0, 300_000, 0.05, 5, 0.01, Duration.ofMinutes(5), 0.02,
                Duration.ofMinutes(3));
        PayloadRouter gateway = gatewayFor(format);
        List<Outgoing> messages = run(format, faults);

        messages.forEach(m -> assertDecodesToRecorded(gateway, m));
        Set<Fault> seen = new java.util.HashSet<>();
        messages.forEach(m -> seen.addAll(m.faults()));
        assertThat(seen).contains(Fault.DUPLICATE, Fault.REORDERED, Fault.LATE, Fault.SKEWED, Fault.SPIKE,
                Fault.FLATLINE, Fault.AFTER_SILENCE);
    }
}
