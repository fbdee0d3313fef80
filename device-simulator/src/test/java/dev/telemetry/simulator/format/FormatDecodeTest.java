package dev.telemetry.simulator.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.gateway.decode.DecodeException;
import dev.telemetry.gateway.decode.DecodeResult;
import dev.telemetry.gateway.decode.JsonFields;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.Route;
import dev.telemetry.gateway.decode.TopicTemplate;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.simulator.device.DeviceModel;
import dev.telemetry.simulator.device.MetricSet;
import dev.telemetry.simulator.device.Sample;
import dev.telemetry.simulator.fault.FaultConfig;
import dev.telemetry.simulator.fault.FaultInjector;
import dev.telemetry.simulator.fault.Outgoing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the simulator publishes in each format is decoded by the gateway's real decoders (the
 * subscription the device-simulator README documents for the format) into exactly the readings the
 * simulator meant to send.
 */
class FormatDecodeTest {

    private static final long RECEIVED_AT = 1_800_000_000_000L;

    /** The gateway subscription of the README for {@code format}, topics {@code sensors/<deviceId>}. */
    private static PayloadRouter gatewayFor(String format) {
        Route route = new Route("sim", "sensors/+", format, TopicTemplate.parse("sensors/{deviceId}"));
        return PayloadRouter.of(List.of(route), "test-gateway", JsonFields.DEFAULTS, false, 262_144);
    }

    private static Sample sample(int tick) {
        DeviceModel device = DeviceModel.create("sim-00007", 6, 42L, MetricSet.standard());
        Sample s = null;
        for (int i = 0; i <= tick; i++) {
            s = device.next(1_718_000_000_000L + 60_000L * i + 123);
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "senml-json", "senml-cbor"})
    void shouldDecodeToTheSampleReadingsWithTheGatewayDecoder(String name) {
        PayloadFormat format = PayloadFormat.byName(name);
        PayloadRouter gateway = gatewayFor(name);
        for (int tick = 0; tick < 5; tick++) {
            Sample sample = sample(tick);

            DecodeResult result = gateway.decode("sensors/" + sample.deviceId(), format.contentType(),
                    format.encode(sample), RECEIVED_AT);

            assertThat(result).isInstanceOf(DecodeResult.Success.class);
            List<Reading> readings = ((DecodeResult.Success) result).readings();
            assertThat(readings).extracting(Reading::metric).containsExactly("temperature", "humidity", "pressure");
            for (int i = 0; i < readings.size(); i++) {
                Reading r = readings.get(i);
                Sample.Measurement m = sample.values().get(i);
                assertThat(r.deviceId()).isEqualTo(sample.deviceId());
                assertThat(r.value()).isEqualTo(ReadingValue.of(m.value()));
                assertThat(r.eventTime()).as("event time of %s", r.metric()).isEqualTo(sample.timestamp());
                if (!name.equals("json")) { // JSON carries no units
                    assertThat(r.unit()).isEqualTo(m.unit());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "senml-json", "senml-cbor"})
    void shouldHaveMalformedPayloadsRejectedByTheGatewayDecoder(String name) {
        PayloadFormat format = PayloadFormat.byName(name);
        PayloadRouter gateway = gatewayFor(name);
        FaultConfig malformed = new FaultConfig(0, 0, 3, 0, Duration.ofMinutes(10), 0, Duration.ofSeconds(30), 1, 0,
                300_000, 0, 5);
        FaultInjector injector = new FaultInjector(malformed, 42L, 6);
        for (int tick = 0; tick < 20; tick++) {
            Sample sample = sample(tick);
            List<Outgoing> out = injector.apply(sample, format);
            assertThat(out).hasSize(1);
            Outgoing message = out.get(0);
            assertThat(message.readings()).isZero();

            DecodeResult result = gateway.decode("sensors/" + sample.deviceId(), format.contentType(),
                    message.payload(), RECEIVED_AT);

            assertThat(result).as("tick %d: %s", tick, result).isInstanceOf(DecodeResult.Failure.class);
            DecodeException.Code code = ((DecodeResult.Failure) result).error().code();
            assertThat(code).isIn(DecodeException.Code.INVALID_JSON, DecodeException.Code.INVALID_CBOR);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "senml-json", "senml-cbor"})
    void shouldHaveOversizedPayloadsRejectedAsTooLarge(String name) {
        PayloadFormat format = PayloadFormat.byName(name);
        FaultConfig oversized = new FaultConfig(0, 0, 3, 0, Duration.ofMinutes(10), 0, Duration.ofSeconds(30), 0, 1,
                300_000, 0, 5);
        Outgoing message = new FaultInjector(oversized, 42L, 6).apply(sample(0), format).get(0);

        DecodeResult result = gatewayFor(name).decode("sensors/sim-00007", format.contentType(), message.payload(),
                RECEIVED_AT);

        assertThat(((DecodeResult.Failure) result).error().code()).isEqualTo(DecodeException.Code.PAYLOAD_TOO_LARGE);
    }
}
