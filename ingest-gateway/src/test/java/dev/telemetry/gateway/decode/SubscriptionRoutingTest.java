package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.LifecycleEvent;
import dev.telemetry.model.Reading;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PayloadRouter#of}: routing by subscriptions, formats from configuration or content type. */
class SubscriptionRoutingTest {

    private static final long NOW = 1_700_000_000_000L;

    private final PayloadRouter router = PayloadRouter.of(List.of(
            new Route("senml", "$share/gw/senml/+", SenmlDecoder.FORMAT_JSON, TopicTemplate.parse("senml/{deviceId}")),
            new Route("cbor", "cbor/+", SenmlDecoder.FORMAT_CBOR, TopicTemplate.parse("cbor/{deviceId}")),
            new Route("sparkplug", "spBv1.0/#", SparkplugDecoder.FORMAT, null),
            new Route("plain", "sensors/+/+", PlainDecoder.FORMAT, TopicTemplate.parse("sensors/{deviceId}/{metric}")),
            new Route("json", "sensors/#", JsonDecoder.FORMAT, TopicTemplate.parse("sensors/{deviceId}")),
            new Route("any", "dev/+/+", Route.AUTO, TopicTemplate.parse("dev/{deviceId}/{metric}"))),
            "gw-1", new JsonFields("id", "time", "n"), false, 1024);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DecodeResult.Success ok(DecodeResult r) {
        assertThat(r).isInstanceOf(DecodeResult.Success.class);
        return (DecodeResult.Success) r;
    }

    private static DecodeException failed(DecodeResult r) {
        assertThat(r).isInstanceOf(DecodeResult.Failure.class);
        return ((DecodeResult.Failure) r).error();
    }

    @Test
    void shouldDecodeEachSubscriptionInItsFormat() {
        DecodeResult.Success senml = ok(router.decode("senml/d-1", bytes("[{\"n\":\"t\",\"v\":1}]"), NOW));
        DecodeResult.Success cbor = ok(router.decode("cbor/d-1", SenmlOracleTest.resource("ex5.gen.cbor"), NOW));
        DecodeResult.Success plain = ok(router.decode("sensors/d-1/t", bytes("21.5"), NOW));
        DecodeResult.Success json = ok(router.decode("sensors/d-1", bytes("{\"time\": 1700000000, \"t\": 1}"), NOW));

        assertThat(senml.format()).isEqualTo("senml-json");
        assertThat(senml.readings()).extracting(Reading::deviceId, Reading::metric).containsExactly(
                org.assertj.core.groups.Tuple.tuple("d-1", "t"));
        assertThat(cbor.format()).isEqualTo("senml-cbor");
        assertThat(cbor.readings()).hasSize(13);
        assertThat(plain.format()).isEqualTo("plain");
        assertThat(json.format()).isEqualTo("json");
        // the configured JSON field names reach the decoder
        assertThat(json.readings()).extracting(Reading::eventTime).containsExactly(1_700_000_000_000L);
    }

    @Test
    void shouldDeliverReadingsInTheCanonicalUnitOfTheirQuantity() {
        DecodeResult.Success senml = ok(router.decode("senml/d-1", bytes("[{\"bn\":\"boiler-7:\",\"n\":\"flow\","
                + "\"u\":\"degF\",\"v\":212},{\"n\":\"p\",\"u\":\"hPa\",\"v\":1013.25},"
                + "{\"n\":\"level\",\"u\":\"furlong\",\"v\":3}]"), NOW));

        assertThat(senml.readings()).extracting(Reading::metric, Reading::unit, r -> r.value().raw())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("flow", "Cel", 100.0),
                        org.assertj.core.groups.Tuple.tuple("p", "Pa", 101325.0),
                        org.assertj.core.groups.Tuple.tuple("level", "furlong", 3.0));
    }

    @Test
    void shouldTakeTheFirstMatchingSubscription() {
        // sensors/d-1/t matches "plain" (listed first) and "json" (sensors/#)
        assertThat(router.decode("sensors/d-1/t", bytes("{\"t\": 1}"), NOW).format()).isEqualTo("plain");
    }

    @Test
    void shouldCarrySparkplugLifecycleEventsThrough() {
        DecodeResult.Success birth = ok(router.decode(SparkplugFixtures.specTopic("NBIRTH"),
                SparkplugFixtures.specPayload("NBIRTH"), NOW));
        DecodeResult.Success data = ok(router.decode(SparkplugFixtures.specTopic("NDATA"),
                SparkplugFixtures.specPayload("NDATA"), NOW));

        assertThat(birth.events()).extracting(LifecycleEvent::type).containsExactly(LifecycleEvent.Type.BIRTH);
        assertThat(data.readings()).extracting(Reading::metric).containsExactly("Supply_Voltage");
    }

    @Test
    void shouldTakeTheFormatOfAnAutoSubscriptionFromTheContentType() {
        DecodeResult.Success json = ok(router.decode("dev/d-1/x", "application/json", bytes("{\"t\": 1}"), NOW));
        DecodeResult.Success plain = ok(router.decode("dev/d-1/x", "text/plain; charset=utf-8", bytes("1"), NOW));
        DecodeResult.Success senml = ok(router.decode("dev/d-1/x", "application/senml+json",
                bytes("[{\"n\":\"t\",\"v\":1}]"), NOW));

        assertThat(List.of(json.format(), plain.format(), senml.format()))
                .containsExactly("json", "plain", "senml-json");
        assertThat(plain.readings()).extracting(Reading::metric).containsExactly("x");
    }

    @Test
    void shouldRejectAnAutoMessageWithoutAKnownContentType() {
        DecodeException none = failed(router.decode("dev/d-1/x", null, bytes("1"), NOW));
        DecodeException unknown = failed(router.decode("dev/d-1/x", "application/xml", bytes("<a/>"), NOW));

        assertThat(none.code()).isEqualTo(Code.UNSUPPORTED_FORMAT);
        assertThat(none.getMessage()).contains("has none");
        assertThat(unknown.code()).isEqualTo(Code.UNSUPPORTED_FORMAT);
    }

    @Test
    void shouldIgnoreTheContentTypeOnASubscriptionWithAFormat() {
        DecodeResult r = router.decode("sensors/d-1/t", "application/json", bytes("21.5"), NOW);

        assertThat(ok(r).format()).isEqualTo("plain");
    }

    @Test
    void shouldRejectTopicsNoSubscriptionTakes() {
        DecodeResult r = router.decode("other/d-1", bytes("1"), NOW);

        assertThat(r.format()).isEqualTo(PayloadRouter.UNKNOWN_FORMAT);
        assertThat(failed(r).code()).isEqualTo(Code.TOPIC_MISMATCH);
        assertThat(failed(r).getMessage()).contains("matches no subscription");
    }

    @Test
    void shouldRejectATopicThatMatchesTheFilterButNotTheTemplate() {
        DecodeException e = failed(router.decode("sensors/a/b/c", bytes("{\"t\": 1}"), NOW));

        assertThat(e.code()).isEqualTo(Code.TOPIC_MISMATCH);
        assertThat(e.getMessage()).contains("subscription 'json'");
    }

    @Test
    void shouldRejectTooLargePayloadsBeforeDecoding() {
        DecodeResult r = router.decode("senml/d-1", new byte[1025], NOW);

        assertThat(r.format()).isEqualTo("senml-json");
        assertThat(failed(r).code()).isEqualTo(Code.PAYLOAD_TOO_LARGE);
        assertThat(failed(r).deviceId()).contains("d-1");
    }

    @Test
    void shouldRejectAContentTypeTheTemplateCannotServe() {
        PayloadRouter noMetric = PayloadRouter.of(List.of(new Route("any", "dev/+", Route.AUTO,
                TopicTemplate.parse("dev/{deviceId}"))), "gw-1", JsonFields.DEFAULTS, false, 1024);

        DecodeResult plain = noMetric.decode("dev/d-1", "text/plain", bytes("1"), NOW);
        DecodeResult sparkplug = noMetric.decode("dev/d-1", null, bytes("1"), NOW);

        assertThat(plain.format()).isEqualTo("plain");
        assertThat(failed(plain).code()).isEqualTo(Code.UNSUPPORTED_FORMAT);
        assertThat(failed(plain).getMessage()).contains("{metric}");
        assertThat(failed(sparkplug).code()).isEqualTo(Code.UNSUPPORTED_FORMAT);
    }

    @Test
    void shouldUseSparkplugForAnAutoSubscriptionOnItsNamespace() {
        PayloadRouter auto = PayloadRouter.of(List.of(new Route("any", "#", Route.AUTO,
                TopicTemplate.parse("x/{deviceId}"))), "gw-1", JsonFields.DEFAULTS, false, 1024);

        DecodeResult birth = auto.decode(SparkplugFixtures.specTopic("NBIRTH"), null,
                SparkplugFixtures.specPayload("NBIRTH"), NOW);

        assertThat(ok(birth).format()).isEqualTo("sparkplug-b");
        assertThat(ok(birth).events()).hasSize(1);
    }
}
