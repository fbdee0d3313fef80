package dev.telemetry.gateway.decode;

import static dev.telemetry.gateway.decode.SparkplugFixtures.benthos;
import static dev.telemetry.gateway.decode.SparkplugFixtures.benthosWithSeq;
import static dev.telemetry.gateway.decode.SparkplugFixtures.specPayload;
import static dev.telemetry.gateway.decode.SparkplugFixtures.specTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.telemetry.gateway.decode.DecodeException.Code;
import dev.telemetry.model.LifecycleEvent;
import dev.telemetry.model.Reading;
import dev.telemetry.model.TimeSource;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.DataSet;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparkplugDecoderTest {

    private static final long RECEIVED_AT = 1_750_000_000_000L;
    private static final long SPEC_TIME = 1_486_144_502_122L;
    private static final long BENTHOS_TIME = 1_750_855_643_474L;
    private static final String NODE = "Sparkplug_B_Devices/Raspberry_Pi";
    private static final String DEVICE = NODE + "/Pibrella";
    private static final String BENTHOS_NBIRTH = "spBv1.0/factory/NBIRTH/edge-1";
    private static final String BENTHOS_NDATA = "spBv1.0/factory/NDATA/edge-1";
    private static final String BENTHOS_NDEATH = "spBv1.0/factory/NDEATH/edge-1";

    private final SparkplugDecoder decoder = new SparkplugDecoder("gw-1", false);

    private DecodeResult.Success ok(String topic, byte[] payload) {
        DecodeResult r = decoder.decode(topic, payload, RECEIVED_AT);
        assertThat(r).as("decoding %s", topic).isInstanceOf(DecodeResult.Success.class);
        return (DecodeResult.Success) r;
    }

    private DecodeException failed(SparkplugDecoder d, String topic, byte[] payload) {
        DecodeResult r = d.decode(topic, payload, RECEIVED_AT);
        assertThat(r).as("decoding %s", topic).isInstanceOf(DecodeResult.Failure.class);
        assertThat(r.format()).isEqualTo("sparkplug-b");
        return ((DecodeResult.Failure) r).error();
    }

    private DecodeException failed(String topic, byte[] payload) {
        return failed(decoder, topic, payload);
    }

    @Test
    void shouldTurnTheSpecNodeBirthIntoABirthEventAndReadings() {
        DecodeResult.Success birth = ok(specTopic("NBIRTH"), specPayload("NBIRTH"));

        assertThat(birth.events()).extracting(LifecycleEvent::deviceId, LifecycleEvent::type,
                LifecycleEvent::eventTime, LifecycleEvent::session).containsExactly(
                        tuple(NODE, LifecycleEvent.Type.BIRTH, SPEC_TIME, 0L));
        // bdSeq and Node Control/* are session bookkeeping, not telemetry
        assertThat(birth.readings()).extracting(Reading::metric, r -> r.value().raw()).containsExactly(
                tuple("Properties/Hardware_Make", "Raspberry Pi"),
                tuple("Properties/Hardware_Model", "Pi 3 Model B"),
                tuple("Properties/OS", "Raspbian"),
                tuple("Properties/OS_Version", "Jessie with PIXEL/11.01.2017"),
                tuple("Supply_Voltage", 12.1));
        assertThat(birth.readings()).extracting(Reading::deviceId, Reading::eventTime, Reading::timeSource,
                Reading::seq).containsOnly(tuple(NODE, SPEC_TIME, TimeSource.DEVICE, null));
        assertThat(birth.readings().get(0).source().mqttTopic()).isEqualTo(specTopic("NBIRTH"));
        assertThat(birth.notes()).isEmpty();
    }

    @Test
    void shouldFollowTheSpecExamplesThroughOneSession() {
        ok(specTopic("NBIRTH"), specPayload("NBIRTH"));

        DecodeResult.Success dbirth = ok(specTopic("DBIRTH"), specPayload("DBIRTH"));
        DecodeResult.Success ndata = ok(specTopic("NDATA"), specPayload("NDATA"));
        DecodeResult.Success ddata = ok(specTopic("DDATA"), specPayload("DDATA"));
        DecodeResult.Success ddeath = ok(specTopic("DDEATH"), specPayload("DDEATH"));
        DecodeResult.Success ndeath = ok(specTopic("NDEATH"), specPayload("NDEATH"));

        assertThat(dbirth.events()).extracting(LifecycleEvent::deviceId, LifecycleEvent::type)
                .containsExactly(tuple(DEVICE, LifecycleEvent.Type.BIRTH));
        assertThat(dbirth.readings()).hasSize(14).extracting(Reading::deviceId).containsOnly(DEVICE);
        assertThat(dbirth.readings()).extracting(Reading::metric).contains("Inputs/A", "Outputs/LEDs/Green",
                "Properties/Hardware_Make");
        assertThat(ndata.readings()).extracting(Reading::deviceId, Reading::metric, r -> r.value().raw())
                .containsExactly(tuple(NODE, "Supply_Voltage", 12.3));
        assertThat(ddata.readings()).extracting(Reading::deviceId, Reading::metric, r -> r.value().raw())
                .containsExactly(tuple(DEVICE, "Inputs/A", true), tuple(DEVICE, "Inputs/C", true));
        assertThat(ddeath.events()).extracting(LifecycleEvent::deviceId, LifecycleEvent::type)
                .containsExactly(tuple(DEVICE, LifecycleEvent.Type.DEATH));
        // the device is already dead: the node's death ends only the node
        assertThat(ndeath.events()).extracting(LifecycleEvent::deviceId, LifecycleEvent::type,
                LifecycleEvent::session).containsExactly(tuple(NODE, LifecycleEvent.Type.DEATH, 0L));
        // the examples are separate snapshots: DDATA's seq 0 after NDATA's 2 is out of order,
        // DDEATH's 123 a gap of 120 (3..122)
        assertThat(decoder.seqStats("Sparkplug B Devices", "Raspberry Pi"))
                .isEqualTo(new SparkplugDecoder.SeqStats(1, 120, 1));
        assertThat(ddata.notes()).containsExactly("seq 0 arrived after 2 (out of order or repeated)");
    }

    @Test
    void shouldEndEveryLiveDeviceWithItsNode() {
        ok(specTopic("NBIRTH"), specPayload("NBIRTH"));
        ok(specTopic("DBIRTH"), specPayload("DBIRTH"));

        DecodeResult.Success ndeath = ok(specTopic("NDEATH"), specPayload("NDEATH"));

        assertThat(ndeath.events()).extracting(LifecycleEvent::deviceId, LifecycleEvent::type, LifecycleEvent::reason)
                .containsExactly(tuple(NODE, LifecycleEvent.Type.DEATH, "NDEATH"),
                        tuple(DEVICE, LifecycleEvent.Type.DEATH, "NDEATH of the edge node"));
        assertThat(failed(specTopic("DDATA"), specPayload("DDATA")).code()).isEqualTo(Code.SPARKPLUG_NOT_BORN);
        assertThat(failed(specTopic("NDATA"), specPayload("NDATA")).code()).isEqualTo(Code.SPARKPLUG_NOT_BORN);
    }

    @Test
    void shouldAcknowledgeCommandsWithoutPublishingAnything() {
        DecodeResult.Success ncmd = ok(specTopic("NCMD"), specPayload("NCMD"));
        DecodeResult.Success dcmd = ok(specTopic("DCMD"), specPayload("DCMD"));
        DecodeResult.Success state = ok("spBv1.0/STATE/scada-1", "{\"online\":true}".getBytes());

        for (DecodeResult.Success s : List.of(ncmd, dcmd, state)) {
            assertThat(s.readings()).isEmpty();
            assertThat(s.events()).isEmpty();
        }
    }

    @Test
    void shouldResolveDataByTheAliasOfTheBirth() {
        DecodeResult.Success birth = ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        DecodeResult.Success data = ok(BENTHOS_NDATA, benthos("NDATA_V1"));

        assertThat(birth.readings()).extracting(Reading::metric, r -> r.value().raw())
                .containsExactly(tuple("Temperature", 21.5));
        assertThat(birth.events()).extracting(LifecycleEvent::session).containsExactly(88L);
        assertThat(data.readings()).extracting(Reading::deviceId, Reading::metric, r -> r.value().raw(),
                Reading::eventTime).containsExactly(tuple("factory/edge-1", "Temperature", 22.5, BENTHOS_TIME));
        assertThat(data.notes()).isEmpty();
    }

    @Test
    void shouldNoteTheNonConformantBdSeqDatatypeAndRejectItWhenStrict() {
        DecodeResult.Success lenient = ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        DecodeException strict = failed(new SparkplugDecoder("gw-1", true), BENTHOS_NBIRTH, benthos("NBIRTH_V1"));

        assertThat(lenient.notes()).containsExactly("bdSeq has datatype 8, Sparkplug 3.0 says Int64 (4)");
        assertThat(strict.code()).isEqualTo(Code.SPARKPLUG_NONCONFORMANT);
        assertThat(strict.getMessage()).contains("bdSeq has datatype 8");
        assertThat(strict.deviceId()).contains("factory/edge-1");
    }

    @Test
    void shouldNoteAnNdeathCarryingSeqAndRejectItWhenStrict() {
        DecodeResult.Success lenient = ok(BENTHOS_NDEATH, benthos("NDEATH_V1"));
        DecodeException strict = failed(new SparkplugDecoder("gw-1", true), BENTHOS_NDEATH, benthos("NDEATH_V1"));

        assertThat(lenient.events()).extracting(LifecycleEvent::deviceId, LifecycleEvent::type,
                LifecycleEvent::session).containsExactly(tuple("factory/edge-1", LifecycleEvent.Type.DEATH, 0L));
        assertThat(lenient.notes()).contains("NDEATH carries seq 0 (Sparkplug 3.0: it must not)");
        assertThat(strict.code()).isEqualTo(Code.SPARKPLUG_NONCONFORMANT);
    }

    @Test
    void shouldRejectTheSpecDeathExampleInStrictModeForItsUInt64BdSeq() {
        SparkplugDecoder strict = new SparkplugDecoder("gw-1", true);
        assertThat(strict.decode(specTopic("NBIRTH"), specPayload("NBIRTH"), RECEIVED_AT))
                .isInstanceOf(DecodeResult.Success.class);

        // the spec's own NDEATH example gives bdSeq as UInt64: tolerated only leniently
        DecodeResult death = strict.decode(specTopic("NDEATH"), specPayload("NDEATH"), RECEIVED_AT);

        assertThat(death).isInstanceOf(DecodeResult.Failure.class);
        assertThat(((DecodeResult.Failure) death).error().getMessage()).contains("bdSeq has datatype 8");
    }

    @Test
    void shouldRejectAStaleDeathFromAnEarlierSession() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1")); // bdSeq 88

        DecodeException e = failed(BENTHOS_NDEATH, benthos("NDEATH_V1")); // bdSeq 0

        assertThat(e.code()).isEqualTo(Code.SPARKPLUG_STALE_DEATH);
        assertThat(ok(BENTHOS_NDATA, benthos("NDATA_V1")).readings()).hasSize(1); // still born
    }

    @Test
    void shouldCountASequenceGapAndKeepTheData() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        ok(BENTHOS_NDATA, benthos("NDATA_V1"));

        DecodeResult.Success gap = ok(BENTHOS_NDATA, benthos("NDATA_GAP"));

        assertThat(gap.readings()).extracting(r -> r.value().raw()).containsExactly(27.0);
        assertThat(gap.notes()).containsExactly("seq 5 after 1: 3 message(s) missing");
        assertThat(decoder.seqStats("factory", "edge-1")).isEqualTo(new SparkplugDecoder.SeqStats(1, 3, 0));
    }

    @Test
    void shouldWrapTheSequenceFrom255To0WithoutAGap() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        for (int seq = 1; seq <= 255; seq++) {
            ok(BENTHOS_NDATA, benthosWithSeq("NDATA_V1", seq));
        }

        DecodeResult.Success wrapped = ok(BENTHOS_NDATA, benthos("NDATA_WRAPAROUND"));

        assertThat(wrapped.readings()).extracting(r -> r.value().raw()).containsExactly(30.0);
        assertThat(wrapped.notes()).isEmpty();
        assertThat(decoder.seqStats("factory", "edge-1")).isEqualTo(new SparkplugDecoder.SeqStats(0, 0, 0));
    }

    @Test
    void shouldDeadLetterDataBeforeBirth() {
        DecodeException e = failed(BENTHOS_NDATA, benthos("NDATA_BEFORE_BIRTH"));

        assertThat(e.code()).isEqualTo(Code.SPARKPLUG_NOT_BORN);
        assertThat(e.getMessage()).contains("before its NBIRTH", "rebirth");
        assertThat(e.deviceId()).contains("factory/edge-1");
    }

    @Test
    void shouldDecodeALargeBirth() {
        DecodeResult.Success birth = ok(BENTHOS_NBIRTH, benthos("NBIRTH_LARGE"));

        assertThat(birth.readings()).hasSize(100);
        assertThat(birth.readings().get(0)).extracting(Reading::metric, r -> r.value().raw())
                .containsExactly("Metric_1", 1.5);
        assertThat(birth.readings().get(99)).extracting(Reading::metric, r -> r.value().raw())
                .containsExactly("Metric_100", 150.0);
    }

    @Test
    void shouldRejectDataWithAnAliasNoBirthDefined() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        byte[] unknown = Payload.newBuilder().setTimestamp(BENTHOS_TIME).setSeq(1)
                .addMetrics(Payload.Metric.newBuilder().setAlias(7).setDatatype(DataType.Double_VALUE)
                        .setDoubleValue(1)).build().toByteArray();

        DecodeException e = failed(BENTHOS_NDATA, unknown);

        assertThat(e.code()).isEqualTo(Code.SPARKPLUG_UNKNOWN_ALIAS);
        assertThat(e.getMessage()).contains("alias 7");
    }

    @Test
    void shouldForgetTheAliasesOfThePreviousSessionOnRebirth() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        ok(specTopic("NBIRTH").replace("Sparkplug B Devices/NBIRTH/Raspberry Pi", "factory/NBIRTH/edge-1"),
                specPayload("NBIRTH")); // same edge node, no alias 100

        assertThat(failed(BENTHOS_NDATA, benthos("NDATA_V1")).code()).isEqualTo(Code.SPARKPLUG_UNKNOWN_ALIAS);
    }

    @Test
    void shouldResolveDataWithoutDatatypeThroughTheBirth() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        byte[] bare = Payload.newBuilder().setSeq(1)
                .addMetrics(Payload.Metric.newBuilder().setAlias(100).setDoubleValue(23.25)).build().toByteArray();

        DecodeResult.Success data = ok(BENTHOS_NDATA, bare);

        assertThat(data.readings()).extracting(Reading::metric, r -> r.value().raw(), Reading::eventTime,
                Reading::timeSource).containsExactly(tuple("Temperature", 23.25, RECEIVED_AT, TimeSource.GATEWAY));
    }

    @Test
    void shouldDecodeEveryArrayVectorOfTheSpecLittleEndian() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        List<String> checked = new ArrayList<>();
        long seq = 1;
        for (JsonNode vector : SparkplugFixtures.json("spec-array-encoding-vectors.json").get("vectors")) {
            String type = vector.get("type").asText();
            DecodeResult.Success r = ok(BENTHOS_NDATA, SparkplugFixtures.arrayPayload(vector, seq++));

            List<Object> expected = new ArrayList<>();
            for (JsonNode v : vector.get("values")) {
                expected.add(v.isBoolean() ? v.booleanValue() : v.isTextual() ? v.asText() : v.doubleValue());
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                names.add(type + "." + i);
            }
            assertThat(r.readings()).as(type).extracting(Reading::metric).containsExactlyElementsOf(names);
            assertThat(r.readings()).as(type).extracting(x -> x.value().raw()).containsExactlyElementsOf(expected);
            checked.add(type);
        }
        assertThat(checked).hasSize(13);
    }

    @Test
    void shouldSkipValuesThatAreNotReadings() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        byte[] payload = Payload.newBuilder().setTimestamp(BENTHOS_TIME).setSeq(1)
                .addMetrics(Payload.Metric.newBuilder().setName("table").setDatatype(DataType.DataSet_VALUE)
                        .setDatasetValue(DataSet.newBuilder().setNumOfColumns(0)))
                .addMetrics(Payload.Metric.newBuilder().setName("unknown").setDatatype(DataType.Double_VALUE)
                        .setIsNull(true))
                .addMetrics(SparkplugFixtures.metric("ok", DataType.Int8, JsonNodeFactory.instance.numberNode(-23)))
                .build().toByteArray();

        assertThat(ok(BENTHOS_NDATA, payload).readings()).extracting(Reading::metric, r -> r.value().raw())
                .containsExactly(tuple("ok", -23.0));
    }

    @Test
    void shouldRejectNonFiniteNumbers() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        byte[] nan = Payload.newBuilder().setSeq(1).addMetrics(Payload.Metric.newBuilder().setAlias(100)
                .setDatatype(DataType.Double_VALUE).setDoubleValue(Double.NaN)).build().toByteArray();
        byte[] inf = Payload.newBuilder().setSeq(2).addMetrics(Payload.Metric.newBuilder().setName("f")
                .setDatatype(DataType.Float_VALUE).setFloatValue(Float.POSITIVE_INFINITY)).build().toByteArray();

        assertThat(failed(BENTHOS_NDATA, nan).code()).isEqualTo(Code.NON_FINITE_VALUE);
        assertThat(failed(BENTHOS_NDATA, inf).code()).isEqualTo(Code.NON_FINITE_VALUE);
    }

    @Test
    void shouldRejectAPayloadThatIsNotProtobuf() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));

        DecodeException e = failed(BENTHOS_NDATA, "{\"temperature\": 21.5}".getBytes());

        assertThat(e.code()).isEqualTo(Code.INVALID_SPARKPLUG_PAYLOAD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "spBv1.0/org_A/NDATA/node_1/device_2", // node message with a device level (seen in a real trace)
        "spBv1.0/org_A/DDATA/node_1",
        "spBv1.0/org_A/NOTE/node_1",
        "spBv1.0/org_A/NDATA",
        "spBv1.0//NDATA/node_1",
        "spBv1.0/org_A/NDATA/node_1/a/b"})
    void shouldRejectTopicsOutsideTheNamespace(String topic) {
        assertThat(failed(topic, benthos("NDATA_V1")).code()).isEqualTo(Code.INVALID_SPARKPLUG_TOPIC);
    }

    @Test
    void shouldRejectDeviceDataBeforeTheDeviceBirth() {
        ok(specTopic("NBIRTH"), specPayload("NBIRTH"));

        DecodeException e = failed(specTopic("DDATA"), specPayload("DDATA"));

        assertThat(e.code()).isEqualTo(Code.SPARKPLUG_NOT_BORN);
        assertThat(e.deviceId()).contains(DEVICE);
    }

    @Test
    void shouldReadUnsignedIntegersAsUnsigned() {
        ok(BENTHOS_NBIRTH, benthos("NBIRTH_V1"));
        byte[] payload = Payload.newBuilder().setTimestamp(BENTHOS_TIME).setSeq(1)
                .addMetrics(Payload.Metric.newBuilder().setName("u8").setDatatype(DataType.UInt8_VALUE)
                        .setIntValue(250))
                .addMetrics(Payload.Metric.newBuilder().setName("u16").setDatatype(DataType.UInt16_VALUE)
                        .setIntValue(65535))
                .addMetrics(Payload.Metric.newBuilder().setName("u32").setDatatype(DataType.UInt32_VALUE)
                        .setIntValue(-1)) // the wire's uint32 0xFFFFFFFF
                .addMetrics(Payload.Metric.newBuilder().setName("u64").setDatatype(DataType.UInt64_VALUE)
                        .setLongValue(-1L)) // 2^64 - 1
                .addMetrics(Payload.Metric.newBuilder().setName("i8").setDatatype(DataType.Int8_VALUE)
                        .setIntValue(-23))
                .build().toByteArray();

        assertThat(ok(BENTHOS_NDATA, payload).readings()).extracting(Reading::metric, r -> r.value().raw())
                .containsExactly(tuple("u8", 250.0), tuple("u16", 65535.0), tuple("u32", 4_294_967_295.0),
                        tuple("u64", 18_446_744_073_709_551_615.0), tuple("i8", -23.0));
    }

    @Test
    void shouldBoundTheSessionsKeptAndReuseDeadOnes() {
        SparkplugDecoder one = new SparkplugDecoder("gw-1", false, 1);
        String otherBirth = BENTHOS_NBIRTH.replace("edge-1", "edge-2");
        assertThat(one.decode(BENTHOS_NBIRTH, benthos("NBIRTH_V1"), RECEIVED_AT)).isInstanceOf(DecodeResult.Success.class);

        DecodeException full = failed(one, otherBirth, benthos("NBIRTH_V1"));
        // a rebirth of a known edge node needs no new session
        assertThat(one.decode(BENTHOS_NBIRTH, benthos("NBIRTH_V1"), RECEIVED_AT)).isInstanceOf(DecodeResult.Success.class);
        byte[] death = Payload.newBuilder().setTimestamp(BENTHOS_TIME).addMetrics(Payload.Metric.newBuilder()
                .setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(88)).build().toByteArray();
        assertThat(one.decode(BENTHOS_NDEATH, death, RECEIVED_AT)).isInstanceOf(DecodeResult.Success.class);
        DecodeResult replaced = one.decode(otherBirth, benthos("NBIRTH_V1"), RECEIVED_AT);

        assertThat(full.code()).isEqualTo(Code.SPARKPLUG_TOO_MANY_NODES);
        assertThat(replaced).isInstanceOf(DecodeResult.Success.class);
        assertThat(one.seqStats("factory", "edge-1")).isNull();
        assertThat(failed(one, BENTHOS_NDATA, benthos("NDATA_V1")).code()).isEqualTo(Code.SPARKPLUG_NOT_BORN);
    }

    @Test
    void shouldKeepDataWithASequenceGapInStrictMode() {
        SparkplugDecoder strict = new SparkplugDecoder("gw-1", true);
        assertThat(strict.decode(specTopic("NBIRTH"), specPayload("NBIRTH"), RECEIVED_AT))
                .isInstanceOf(DecodeResult.Success.class);

        DecodeResult gap = strict.decode(specTopic("NDATA"),
                SparkplugFixtures.specPayloadBuilder("NDATA").setSeq(9).build().toByteArray(), RECEIVED_AT);

        assertThat(gap).isInstanceOf(DecodeResult.Success.class);
        assertThat(((DecodeResult.Success) gap).notes()).containsExactly("seq 9 after 0: 8 message(s) missing");
    }

    @Test
    void shouldNotStartASessionFromABirthRejectedInStrictMode() {
        SparkplugDecoder strict = new SparkplugDecoder("gw-1", true);
        strict.decode(BENTHOS_NBIRTH, benthos("NBIRTH_V1"), RECEIVED_AT);

        assertThat(strict.seqStats("factory", "edge-1")).isNull();
        assertThat(failed(strict, BENTHOS_NDATA, benthos("NDATA_V1")).code()).isEqualTo(Code.SPARKPLUG_NOT_BORN);
    }

    @Test
    void shouldNoteDataWithoutSeq() {
        ok(specTopic("NBIRTH"), specPayload("NBIRTH"));

        DecodeResult.Success data = ok(specTopic("NDATA"),
                SparkplugFixtures.specPayloadBuilder("NDATA").clearSeq().build().toByteArray());

        assertThat(data.notes()).containsExactly("NDATA without seq");
        assertThat(data.readings()).hasSize(1);
    }

    @Test
    void shouldRequestARebirthForDataBeforeBirthAtMostOncePerInterval() throws Exception {
        List<String> topics = new ArrayList<>();
        List<byte[]> commands = new ArrayList<>();
        SparkplugDecoder requesting = new SparkplugDecoder("gw-1", false, 10, (topic, payload) -> {
            topics.add(topic);
            commands.add(payload);
        }, java.time.Duration.ofSeconds(30));

        DecodeResult first = requesting.decode(BENTHOS_NDATA, benthos("NDATA_BEFORE_BIRTH"), RECEIVED_AT);
        requesting.decode(BENTHOS_NDATA, benthos("NDATA_BEFORE_BIRTH"), RECEIVED_AT + 29_999);
        requesting.decode("spBv1.0/factory/DDATA/edge-1/dev", benthos("NDATA_BEFORE_BIRTH"), RECEIVED_AT + 10);
        requesting.decode(BENTHOS_NDATA, benthos("NDATA_BEFORE_BIRTH"), RECEIVED_AT + 30_000);

        assertThat(topics).containsExactly("spBv1.0/factory/NCMD/edge-1", "spBv1.0/factory/NCMD/edge-1");
        Payload command = Payload.parseFrom(commands.get(0));
        assertThat(command.getTimestamp()).isEqualTo(RECEIVED_AT);
        assertThat(command.hasSeq()).isFalse(); // commands carry no seq
        assertThat(command.getMetricsList()).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo("Node Control/Rebirth");
            assertThat(m.getDatatype()).isEqualTo(DataType.Boolean_VALUE);
            assertThat(m.getBooleanValue()).isTrue();
        });
        assertThat(((DecodeResult.Failure) first).error().getMessage()).endsWith("; a rebirth was requested");
        assertThat(((DecodeResult.Failure) first).error().code()).isEqualTo(Code.SPARKPLUG_NOT_BORN);
    }

    @Test
    void shouldRequestARebirthForAnUnknownAliasButNotForOtherFailures() {
        List<String> topics = new ArrayList<>();
        SparkplugDecoder requesting = new SparkplugDecoder("gw-1", false, 10, (topic, payload) -> topics.add(topic),
                java.time.Duration.ofSeconds(30));
        requesting.decode(BENTHOS_NBIRTH, benthos("NBIRTH_V1"), RECEIVED_AT);
        byte[] unknownAlias = Payload.newBuilder().setSeq(1).addMetrics(Payload.Metric.newBuilder().setAlias(7)
                .setDatatype(DataType.Double_VALUE).setDoubleValue(1)).build().toByteArray();

        requesting.decode(BENTHOS_NDATA, "not protobuf".getBytes(), RECEIVED_AT);
        assertThat(topics).isEmpty();
        requesting.decode(BENTHOS_NDATA, unknownAlias, RECEIVED_AT);

        assertThat(topics).containsExactly("spBv1.0/factory/NCMD/edge-1");
    }
}
