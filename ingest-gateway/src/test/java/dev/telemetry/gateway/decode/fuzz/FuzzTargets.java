package dev.telemetry.gateway.decode.fuzz;

import dev.telemetry.gateway.decode.DecodeLimits;
import dev.telemetry.gateway.decode.JsonDecoder;
import dev.telemetry.gateway.decode.JsonFields;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.PlainDecoder;
import dev.telemetry.gateway.decode.Route;
import dev.telemetry.gateway.decode.SenmlDecoder;
import dev.telemetry.gateway.decode.SparkplugDecoder;
import dev.telemetry.gateway.decode.TopicTemplate;
import java.util.List;

/**
 * The decoders under fuzzing, behind one router configured like a gateway with every format and the
 * default limits ({@code mqtt.max-payload-bytes} 256 KiB), and the topic each decoder is reached by.
 */
public enum FuzzTargets {
    JSON("sensors/d-1", null),
    PLAIN("sensors/d-1/temperature", null),
    SENML_JSON("senml/d-1", null),
    SENML_CBOR("cbor/d-1", null),
    /** Topics vary by message type; see {@link #sparkplugTopic}. */
    SPARKPLUG("spBv1.0/Sparkplug B Devices/NDATA/Raspberry Pi", null);

    /** The Sparkplug message types a fuzz input can be sent as. */
    public static final String[] SPARKPLUG_TYPES = {"NDATA", "DDATA", "NBIRTH", "DBIRTH", "NDEATH", "DDEATH"};

    private final String topic;
    private final String contentType;

    FuzzTargets(String topic, String contentType) {
        this.topic = topic;
        this.contentType = contentType;
    }

    public String topic() {
        return topic;
    }

    public String contentType() {
        return contentType;
    }

    /** The topic of a Sparkplug message of {@code type} from the spec's edge node (and its device). */
    public static String sparkplugTopic(String type) {
        String node = "spBv1.0/Sparkplug B Devices/" + type + "/Raspberry Pi";
        return type.startsWith("D") ? node + "/Pibrella" : node;
    }

    /** A router with every format, the default limits and a small Sparkplug session bound. */
    public static PayloadRouter router() {
        return router(DecodeLimits.DEFAULTS);
    }

    public static PayloadRouter router(DecodeLimits limits) {
        return PayloadRouter.of(List.of(
                new Route("senml", "senml/+", SenmlDecoder.FORMAT_JSON, TopicTemplate.parse("senml/{deviceId}")),
                new Route("cbor", "cbor/+", SenmlDecoder.FORMAT_CBOR, TopicTemplate.parse("cbor/{deviceId}")),
                new Route("sparkplug", "spBv1.0/#", SparkplugDecoder.FORMAT, null),
                new Route("plain", "sensors/+/+", PlainDecoder.FORMAT,
                        TopicTemplate.parse("sensors/{deviceId}/{metric}")),
                new Route("json", "sensors/+", JsonDecoder.FORMAT, TopicTemplate.parse("sensors/{deviceId}"))),
                "gw-fuzz", JsonFields.DEFAULTS, new SparkplugDecoder("gw-fuzz", false, 1000, limits), limits);
    }
}
