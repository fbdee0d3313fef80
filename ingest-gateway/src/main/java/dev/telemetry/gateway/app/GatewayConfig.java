package dev.telemetry.gateway.app;

import static dev.telemetry.gateway.app.ConfigChecks.require;

import dev.telemetry.config.ConfigException;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.config.MachineName;
import dev.telemetry.gateway.decode.PayloadRouter;
import dev.telemetry.gateway.decode.RebirthRequester;
import dev.telemetry.gateway.decode.Route;
import dev.telemetry.gateway.mqtt.MqttSettings;
import dev.telemetry.kafka.KafkaSecurity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The gateway's configuration, parsed and validated once at start-up. Every key can be set in the
 * properties file, as an environment variable (the key upper-cased, dots and dashes turned into
 * underscores: {@code mqtt.url} is {@code MQTT_URL}) or on the command line; see
 * {@link ConfigSource} for precedence. A bad value fails with a {@link ConfigException} naming the key.
 * Each area is read and checked by its own record: {@link MqttConfig}, {@link DecodingConfig} (with
 * {@link SubscriptionsReader}), {@link KafkaConfig} and {@link OpsConfig}; this one ties them together.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>gateway.id</td><td>host name, else gateway-1</td><td>this instance, in every reading's source and DLQ record</td></tr>
 *   <tr><td>mqtt.url</td><td>tcp://localhost:1883</td><td>broker URL; scheme tcp, ssl, ws or wss</td></tr>
 *   <tr><td>mqtt.client-id</td><td>gateway-&lt;gateway.id&gt;</td><td>stable and unique per instance: it names the persistent session</td></tr>
 *   <tr><td>mqtt.username / mqtt.password</td><td>none</td><td>credentials; the password may instead come from the file named by mqtt.password.file</td></tr>
 *   <tr><td>mqtt.topic-filter</td><td>sensors/#</td><td>subscription; may be shared: $share/group/sensors/#</td></tr>
 *   <tr><td>mqtt.qos</td><td>1</td><td>0 (at most once) or 1 (at least once)</td></tr>
 *   <tr><td>mqtt.session-expiry</td><td>1d</td><td>how long the broker keeps the session and backlog while the gateway is away</td></tr>
 *   <tr><td>mqtt.receive-maximum</td><td>1000</td><td>unacknowledged messages in flight, 1..65535</td></tr>
 *   <tr><td>mqtt.max-payload-bytes</td><td>262144</td><td>larger payloads go to the DLQ as PAYLOAD_TOO_LARGE</td></tr>
 *   <tr><td>mqtt.keep-alive</td><td>30s</td><td>MQTT keep-alive</td></tr>
 *   <tr><td>mqtt.connect-timeout</td><td>10s</td><td>bound on one connect or subscribe</td></tr>
 *   <tr><td>mqtt.shutdown.mode</td><td>keep-session</td><td>on stop keep the session for the next start, or
 *       {@code leave} it for good: unsubscribe, drain, end the session (see {@link ShutdownMode})</td></tr>
 *   <tr><td>mqtt.shutdown.drain-timeout</td><td>30s</td><td>leave: the longest the drain may take; unfinished, the
 *       session is kept</td></tr>
 *   <tr><td>mqtt.shutdown.drain-quiet-period</td><td>2s</td><td>leave: drained when nothing arrived for this
 *       long; shorter than the drain timeout</td></tr>
 *   <tr><td>mqtt.tls.ca-file</td><td>JVM trust store</td><td>PEM CA certificate(s) that sign the broker's
 *       certificate; ssl:// and wss:// only</td></tr>
 *   <tr><td>mqtt.tls.cert-file / mqtt.tls.key-file</td><td>none</td><td>PEM client certificate (chain) and its
 *       private key (PKCS#8, PKCS#1 or SEC1), for mutual TLS</td></tr>
 *   <tr><td>mqtt.tls.key-password</td><td>none</td><td>for an encrypted key file; or mqtt.tls.key-password.file</td></tr>
 *   <tr><td>mqtt.tls.verify-hostname</td><td>true</td><td>the broker's certificate must name the URL's host</td></tr>
 *   <tr><td>json.topic-template</td><td>sensors/{deviceId}</td><td>topics whose payload is a JSON object</td></tr>
 *   <tr><td>json.device-id-field</td><td>deviceId</td><td>top-level JSON field holding the device id</td></tr>
 *   <tr><td>json.time-field</td><td>ts</td><td>top-level JSON field holding the event time</td></tr>
 *   <tr><td>json.seq-field</td><td>seq</td><td>top-level JSON field holding the sequence number</td></tr>
 *   <tr><td>plain.topic-template</td><td>sensors/{deviceId}/{metric}</td><td>topics whose payload is one bare value</td></tr>
 *   <tr><td>subscriptions</td><td>none</td><td>names of subscriptions, comma-separated; replaces
 *       mqtt.topic-filter and the two templates</td></tr>
 *   <tr><td>subscription.&lt;name&gt;.filter</td><td>required</td><td>MQTT topic filter, may be $share/...</td></tr>
 *   <tr><td>subscription.&lt;name&gt;.format</td><td>required</td><td>json, plain, senml-json, senml-cbor,
 *       sparkplug-b or auto (MQTT 5 content type)</td></tr>
 *   <tr><td>subscription.&lt;name&gt;.topic-template</td><td>required except for sparkplug-b</td><td>device id
 *       (and metric) from the topic</td></tr>
 *   <tr><td>sparkplug.strict</td><td>false</td><td>reject Sparkplug payloads with tolerated deviations</td></tr>
 *   <tr><td>sparkplug.max-edge-nodes</td><td>100000</td><td>edge node sessions kept in memory</td></tr>
 *   <tr><td>sparkplug.request-rebirth</td><td>true</td><td>send NCMD Node Control/Rebirth on data before birth</td></tr>
 *   <tr><td>sparkplug.rebirth-interval</td><td>30s</td><td>at most one rebirth request per edge node per interval</td></tr>
 *   <tr><td>kafka.bootstrap.servers</td><td>localhost:9092</td><td>Kafka brokers</td></tr>
 *   <tr><td>kafka.security.protocol, kafka.sasl.*, kafka.ssl.*store*</td><td>PLAINTEXT</td><td>SASL and TLS,
 *       typed and validated: see {@link KafkaSecurity}</td></tr>
 *   <tr><td>kafka.*</td><td></td><td>any other producer / admin client setting, e.g. kafka.linger.ms</td></tr>
 *   <tr><td>topics.partitions</td><td>6</td><td>partitions of topics the gateway creates</td></tr>
 *   <tr><td>topics.replication-factor</td><td>1</td><td>replication factor of topics the gateway creates</td></tr>
 *   <tr><td>startup.timeout</td><td>30s</td><td>how long start-up waits for Kafka and the broker</td></tr>
 *   <tr><td>shutdown.timeout</td><td>10s</td><td>how long shutdown waits for pending Kafka acknowledgements</td></tr>
 *   <tr><td>http.host</td><td>0.0.0.0</td><td>address of the health and metrics endpoints</td></tr>
 *   <tr><td>http.port</td><td>8081</td><td>port of /health/live, /health/ready and /metrics; 0 picks a free one</td></tr>
 *   <tr><td>limits.max-readings-per-message</td><td>10000</td><td>more readings from one message: DLQ, TOO_MANY_READINGS</td></tr>
 *   <tr><td>limits.max-device-id-length</td><td>200</td><td>1..200; longer ids: DLQ, DEVICE_ID_TOO_LONG</td></tr>
 *   <tr><td>limits.device-id-pattern</td><td>none</td><td>a regular expression device ids must match (on top of the
 *       canonical alphabet): DLQ, DEVICE_ID_NOT_ALLOWED</td></tr>
 *   <tr><td>limits.max-metric-name-length</td><td>200</td><td>1..200; longer names: DLQ, METRIC_NAME_TOO_LONG</td></tr>
 *   <tr><td>limits.max-string-value-length</td><td>4096</td><td>longer text values: DLQ, STRING_VALUE_TOO_LONG</td></tr>
 * </table>
 */

public record GatewayConfig(String gatewayId, MqttConfig mqtt, DecodingConfig decoding, KafkaConfig kafka,
        OpsConfig ops) {

    private static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public GatewayConfig {
        require(gatewayId != null && GATEWAY_ID.matcher(gatewayId).matches(), "gateway.id",
                "must be 1..64 characters of [A-Za-z0-9._-], got '" + gatewayId + "'");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(decoding, "decoding");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(ops, "ops");
        // one bound for both: the decoders must not accept what the MQTT side already refuses, and vice versa
        decoding = decoding.withMaxPayloadBytes(mqtt.maxPayloadBytes());
    }

    /**
     * Reads and validates every key; see the class documentation for keys and defaults. A key from the file or
     * the command line that none of them is (a misspelling) fails too, naming the key.
     */
    public static GatewayConfig from(ConfigSource c) {
        String gatewayId = c.string("gateway.id", defaultGatewayId());
        GatewayConfig cfg = new GatewayConfig(gatewayId, MqttConfig.from(c, gatewayId), DecodingConfig.from(c),
                KafkaConfig.from(c), OpsConfig.from(c));
        // the area readers read their keys whatever the mode (sparkplug.* without subscriptions, say), so a valid
        // key is never unknown; subscription.<name>.* is read only for names listed in subscriptions, and a
        // subscription left out of that list would be ignored, so its keys are rightly unknown
        c.requireAllKeysKnown();
        return cfg;
    }

    /** The MQTT part, for the MQTT adapter: the {@code subscriptions}' filters, else {@code mqtt.topic-filter}. */
    public MqttSettings mqttSettings() {
        List<String> filters = decoding.subscriptions().isEmpty() ? List.of(mqtt.topicFilter())
                : decoding.subscriptions().stream().map(Route::filter).toList();
        return mqtt.settings(filters);
    }

    /**
     * What the Kafka clients get: the {@code kafka.*} pass-through with the security settings on top. Holds
     * secrets (Kafka itself logs them as {@code [hidden]}); never log it, log {@link #summary()}.
     */
    public Map<String, String> kafkaClient() {
        return kafka.client();
    }

    /** The decoders, without Sparkplug rebirth requests. */
    public PayloadRouter router() {
        return router(RebirthRequester.NONE);
    }

    /**
     * The decoders: by subscription when {@code subscriptions} is set, else by the JSON and plain templates.
     *
     * @param rebirth sends Sparkplug rebirth requests (used when {@code sparkplug.request-rebirth})
     */
    public PayloadRouter router(RebirthRequester rebirth) {
        return decoding.router(gatewayId, rebirth);
    }

    /** One line for the start-up log, with secrets masked. */
    public String summary() {
        Map<String, String> shown = new TreeMap<>();
        shown.put("gateway.id", gatewayId);
        mqtt.describe(shown);
        decoding.describe(shown);
        kafka.describe(shown);
        ops.describe(shown);
        StringJoiner out = new StringJoiner(", ");
        shown.forEach((k, v) -> {
            if (v != null) {
                // a file name is never the secret itself (mqtt.tls.key-file names a key, it is not one)
                out.add(k + "=" + (k.endsWith("-file") ? v : ConfigSource.mask(k, v)));
            }
        });
        return out.toString();
    }

    /** Like {@link #summary()}: a record's default toString would print the password. */
    @Override
    public String toString() {
        return "GatewayConfig[" + summary() + "]";
    }

    /** The host name (HOSTNAME, then the resolver), made a valid id, else {@code gateway-1}. */
    static String defaultGatewayId() {
        return MachineName.get().map(host -> {
            String id = host.replaceAll("[^A-Za-z0-9._-]", "-");
            return id.length() > 64 ? id.substring(0, 64) : id;
        }).orElse("gateway-1");
    }
}
