package dev.telemetry.localstack;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.kafka.EmbeddedKafka;
import dev.telemetry.localstack.kafka.KafkaOutageSwitch;
import dev.telemetry.localstack.mqtt.EmbeddedMqttBroker;
import dev.telemetry.localstack.support.Ports;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.SimulatorConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in this JVM: embedded KRaft Kafka, embedded MQTT broker (HiveMQ CE), the
 * stream processor with its HTTP API, the ingest gateway and optionally the device simulator.
 * Started in dependency order, closed in reverse; {@link #start} returns once the processor answers
 * queries, and cleans up whatever had started when a part fails.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackOptions options;
    private final Deque<Part> started = new ArrayDeque<>();
    private EmbeddedKafka kafka;
    private KafkaOutageSwitch outageSwitch;
    private EmbeddedMqttBroker mqtt;
    private StreamProcessor processor;
    private Gateway gateway;
    private Simulator simulator;
    private boolean closed;

    private record Part(String name, AutoCloseable closer) {
    }

    private LocalStack(LocalStackOptions options) {
        this.options = options;
    }

    /**
     * Starts every part and returns once the stream processor is ready.
     *
     * @throws dev.telemetry.localstack.support.PortInUseException when a port is taken (checked
     *         before anything starts; the message names the option and environment variable)
     */
    public static LocalStack start(LocalStackOptions options) throws InterruptedException {
        // all three up front, so a taken port fails in a second rather than after Kafka has started
        Ports.ensureFree(options.kafkaPort(), "Kafka (--kafka-port, KAFKA_PORT)");
        Ports.ensureFree(options.mqttPort(), "MQTT (--mqtt-port, MQTT_PORT)");
        Ports.ensureFree(options.httpPort(), "the HTTP API (--http-port, HTTP_PORT)");
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws InterruptedException {
        log.info("starting the local stack; data in {}", options.dataDir());

        if (options.kafkaOutageFile() == null) {
            kafka = EmbeddedKafka.start(options.kafkaPort(), options.dataDir().resolve("kafka"));
        } else {
            // clients (and this stack's parts) see the proxy's port only, so cutting it cuts Kafka for all
            outageSwitch = KafkaOutageSwitch.start(options.kafkaPort(), Ports.freePort(), options.kafkaOutageFile());
            started.push(new Part("Kafka outage switch", outageSwitch));
            kafka = EmbeddedKafka.startBehindProxy(outageSwitch.targetPort(), options.dataDir().resolve("kafka"),
                    outageSwitch.port());
        }
        started.push(new Part("Kafka", kafka));

        mqtt = EmbeddedMqttBroker.start(options.mqttPort(), options.dataDir().resolve("mqtt"));
        started.push(new Part("MQTT broker", mqtt));

        processor = StreamProcessor.start(ProcessorConfig.from(ConfigSource.of(Map.of(
                "kafka.bootstrap.servers", kafkaBootstrapServers(),
                "http.host", "127.0.0.1",
                "http.port", Integer.toString(options.httpPort()),
                "state.dir", options.dataDir().resolve("streams").toString(),
                "topics.replication-factor", "1",
                // one instance: a standby replica has nowhere to go, and Streams would say so at every rebalance
                "kafka.num.standby.replicas", "0",
                // a developer's machine, bound to 127.0.0.1; StreamProcessor logs a WARN that the API is open
                "api.auth.mode", "off"))));
        started.push(new Part("stream processor", processor));

        gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(gatewaySettings(mqtt.url(), kafkaBootstrapServers()))));
        started.push(new Part("ingest gateway", gateway));

        awaitProcessorReady();

        if (options.simulator()) {
            simulator = Simulator.start(simulatorConfig());
            started.push(new Part("simulator", simulator));
        }
    }

    /** The local gateway's settings. */
    static Map<String, String> gatewaySettings(String mqttUrl, String kafkaBootstrapServers) {
        return Map.ofEntries(
                Map.entry("gateway.id", "local"),
                Map.entry("mqtt.url", mqttUrl),
                Map.entry("kafka.bootstrap.servers", kafkaBootstrapServers),
                Map.entry("topics.replication-factor", "1"),
                // health and metrics on a free port: 8081 may be taken, and nothing needs a fixed one
                Map.entry("http.host", "127.0.0.1"),
                Map.entry("http.port", "0"),
                // the default routing (sensors/<id> JSON, sensors/<id>/<metric> plain, anything deeper a
                // TOPIC_MISMATCH), plus SenML JSON packs on senml/<id> (the benchmark's max-packs scenario)
                Map.entry("subscriptions", "senml,plain,json"),
                Map.entry("subscription.senml.filter", "senml/+"),
                Map.entry("subscription.senml.format", "senml-json"),
                Map.entry("subscription.senml.topic-template", "senml/{deviceId}"),
                Map.entry("subscription.plain.filter", "sensors/+/+"),
                Map.entry("subscription.plain.format", "plain"),
                Map.entry("subscription.plain.topic-template", "sensors/{deviceId}/{metric}"),
                Map.entry("subscription.json.filter", "sensors/#"),
                Map.entry("subscription.json.format", "json"),
                Map.entry("subscription.json.topic-template", "sensors/{deviceId}"));
    }


    private SimulatorConfig simulatorConfig() {
        return SimulatorConfig.builder()
                .mqttUrl(mqtt.url())
                .devices(options.devices())
                .readingsPerSecond(options.rate())
                .clientIdPrefix("local-stack-simulator")
                .recordFile(options.record())
                .build();
    }

    private void awaitProcessorReady() throws InterruptedException {
        long deadline = System.nanoTime() + LocalStackOptions.READY_TIMEOUT.toNanos();
        while (!processor.isReady()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the stream processor is not ready after "
                        + LocalStackOptions.READY_TIMEOUT.toSeconds() + " s (Kafka Streams is " + processor.state()
                        + ")");
            }
            Thread.sleep(100);
        }
    }

    /** The MQTT broker, e.g. {@code tcp://127.0.0.1:1883}. */
    public String mqttUrl() {
        return mqtt.url();
    }

    /** The MQTT port actually bound. */
    public int mqttPort() {
        return mqtt.port();
    }

    /** The Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092} (the proxy's with an outage file). */
    public String kafkaBootstrapServers() {
        return outageSwitch == null ? kafka.bootstrapServers() : Ports.LOOPBACK + ":" + outageSwitch.port();
    }

    /** The query API, e.g. {@code http://localhost:8080}. */
    public String apiBase() {
        return "http://localhost:" + processor.httpPort();
    }

    /** The gateway's health and metrics endpoints, e.g. {@code http://localhost:41234}. */
    public String gatewayBase() {
        return "http://localhost:" + gateway.httpPort();
    }

    /** The running simulator, or null when started with {@code --no-simulator}. */
    public Simulator simulator() {
        return simulator;
    }

    /** Messages the gateway has acknowledged to the broker (after Kafka acknowledged them). */
    public long gatewayAcknowledged() {
        return gateway.acknowledgedCount();
    }

    /** Stops every part in reverse start order; never throws, logs what failed. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("stopping the local stack");
        while (!started.isEmpty()) {
            Part part = started.pop();
            try {
                part.closer().close();
                log.info("{} stopped", part.name());
            } catch (Exception e) {
                log.warn("error while stopping the {}: {}", part.name(), e.toString(), e);
            }
        }
        log.info("local stack stopped");
    }
}
