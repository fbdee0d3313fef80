package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaClusterFixture;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.model.Reading;
import dev.telemetry.model.Topics;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out evidence on one machine: three in-JVM Kafka brokers (replication factor 3,
 * {@code min.insync.replicas=2}), gateways in one MQTT shared subscription ({@code $share/scale-it/sensors/#}
 * on a Mosquitto process) and three stream processor instances of one application, each with its own state
 * directory and HTTP port. While readings keep coming over MQTT:
 * <ol>
 *   <li>the leader of {@code telemetry.readings}-0 is stopped: nothing is lost and nothing is counted twice
 *       (every device's {@code counters.accepted} and latest values equal the oracle), then it restarts and
 *       every replica is back in sync;</li>
 *   <li>one processor instance is closed: the other two keep answering every query, correctly, and the
 *       closed one restarts on its state directory and answers again;</li>
 *   <li>a third gateway joins the shared subscription and one of the first two is removed.</li>
 * </ol>
 *
 * <p>A removed gateway keeps its persistent MQTT session (that is what makes a gateway restart lossless), and
 * Mosquitto keeps routing that member's share of the shared subscription into the session while nobody is
 * connected to it; it does not hand those messages to the other members. The test measures how many readings
 * are held there and then drains the session the only way a gateway stopped with the default
 * {@code mqtt.shutdown.mode=keep-session} allows: a gateway with the removed one's id connects once more. Only
 * after that must the state equal the oracle. {@code mqtt.shutdown.mode=leave} removes a gateway without
 * stranding anything ({@code SharedSubscriptionLeaveIT}). See docs/operations.md, "Sizing: partitions,
 * instances, standby replicas".
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int DEVICES = 150;
    private static final int CHUNK = 50;
    private static final String SHARED_FILTER = "$share/scale-it/sensors/#";

    private final DeviceOracle oracle = new DeviceOracle("so", DEVICES, 808,
            System.currentTimeMillis() - 1_800_000);
    private final ExecutorService publishing =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "scale-it-publish"));
    private final List<StreamProcessor> processors = new ArrayList<>();
    private final Map<String, Gateway> gateways = new HashMap<>();

    private MosquittoProcess mosquitto;
    private KafkaClusterFixture kafka;
    private String applicationId;
    private Path stateDirs;

    @BeforeAll
    void start(@TempDir Path stateDirs) {
        this.stateDirs = stateDirs;
        mosquitto = MosquittoProcess.start();
        kafka = KafkaClusterFixture.start();
        applicationId = KafkaFixture.uniqueName("scale-it");
        for (int i = 0; i < 3; i++) {
            processors.add(StreamProcessor.start(processorConfig(i)));
        }
        startGateway("gw-1");
        startGateway("gw-2");
        await().atMost(TIMEOUT).until(() -> processors.stream().allMatch(StreamProcessor::isReady));
    }

    @AfterAll
    void stop() {
        publishing.shutdownNow();
        gateways.values().forEach(Gateway::close);
        processors.stream().filter(Objects::nonNull).forEach(StreamProcessor::close);
        if (kafka != null) {
            kafka.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void shouldLoseAndDuplicateNothingWhileBrokersProcessorsAndGatewaysComeAndGo() throws Exception {
        long started = System.nanoTime();
        MqttV5Publisher.publish(mosquitto.url(), oracle.batch(2));
        Set<String> all = processors.stream().map(ScaleOutIT::self).collect(Collectors.toSet());
        for (StreamProcessor entry : processors) {
            assertThat(awaitOracle(entry).keySet()).as("instances that answered queries sent to %s", self(entry))
                    .isEqualTo(all);
        }
        log(started, "3 brokers, 3 processors and 2 gateways agree with the oracle");

        // 1. a broker stops mid-stream: the leader of the first readings partition
        int victim = kafka.partitions(Topics.READINGS).get(0).leader().id() - 1;
        AtomicInteger chunks = new AtomicInteger();
        CompletableFuture<Void> segment = publishAsync(oracle.batch(4), chunks);
        await().atMost(TIMEOUT).until(() -> chunks.get() >= 3);
        kafka.stopBroker(victim);
        segment.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        for (StreamProcessor entry : processors) {
            awaitOracle(entry);
        }
        log(started, "broker " + (victim + 1) + " stopped mid-stream: state equals the oracle from every instance");
        kafka.restartBroker(victim);
        kafka.awaitAllInSync(TIMEOUT);
        log(started, "broker " + (victim + 1) + " restarted, every replica in sync");

        // 2. a processor instance leaves mid-stream; the other two keep answering, then it rejoins
        chunks.set(0);
        segment = publishAsync(oracle.batch(4), chunks);
        await().atMost(TIMEOUT).until(() -> chunks.get() >= 3);
        StreamProcessor leaving = processors.get(2);
        leaving.close();
        processors.set(2, null);
        segment.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Set<String> remaining = Set.of(self(processors.get(0)), self(processors.get(1)));
        for (StreamProcessor entry : List.of(processors.get(0), processors.get(1))) {
            assertThat(awaitOracle(entry).keySet()).as("instances answering while the third is gone")
                    .isEqualTo(remaining);
        }
        log(started, "processor 3 closed mid-stream: the other two answer every device correctly");
        processors.set(2, StreamProcessor.start(processorConfig(2)));
        await().atMost(TIMEOUT).until(() -> processors.get(2).isReady());

        // 3. a gateway joins the shared subscription, another one is removed, readings keep coming
        chunks.set(0);
        segment = publishAsync(oracle.batch(6), chunks);
        await().atMost(TIMEOUT).until(() -> chunks.get() >= 3);
        startGateway("gw-3");
        await().atMost(TIMEOUT).until(() -> chunks.get() >= 9);
        gateways.remove("gw-2").close();
        double firstAtRemoval = produced(gateways.get("gw-1"));
        segment.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(produced(gateways.get("gw-3"))).as("readings written by the gateway that joined").isPositive();
        assertThat(produced(gateways.get("gw-1"))).as("readings written by gw-1 after gw-2 left")
                .isGreaterThan(firstAtRemoval);

        long held = heldInRemovedSession();
        log(started, "gw-3 joined, gw-2 removed; readings held in gw-2's session: " + held);
        if (held > 0) {
            // gw-2 kept its session (keep-session): only a gateway with its id (and MQTT client id) gets them out
            startGateway("gw-2");
        }

        Set<String> rejoined = processors.stream().map(ScaleOutIT::self).collect(Collectors.toSet());
        for (StreamProcessor entry : processors) {
            Map<String, Integer> servedBy = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> oracle.answersFrom(api(entry)), answers -> answers != null
                            && answers.keySet().equals(rejoined));
            assertThat(servedBy.keySet()).isEqualTo(rejoined);
        }
        log(started, "processor 3 rejoined; " + DEVICES + " devices, " + oracle.totalReadings()
                + " readings, state equals the oracle from every instance");
    }

    /** Every device equals the oracle through {@code entry}; returns which instance answered how often. */
    private Map<String, Integer> awaitOracle(StreamProcessor entry) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> oracle.answersFrom(api(entry)), answers -> answers != null);
    }

    /**
     * Published readings that are not in {@code telemetry.readings} once the count there has stopped growing
     * (two reads 3 s apart agree): those Mosquitto queued in the removed gateway's session. Every message was
     * PUBACKed by the broker before this is called, and a gateway acknowledges only what Kafka has.
     */
    private long heldInRemovedSession() {
        long[] previous = {-1};
        long inKafka = await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    long now = readingsInKafka();
                    boolean settled = now == previous[0] || now == oracle.totalReadings();
                    previous[0] = now;
                    return settled ? now : -1;
                }, n -> n >= 0);
        return oracle.totalReadings() - inKafka;
    }

    /** Distinct readings of this test's devices in {@code telemetry.readings} (device and seq identify one). */
    private long readingsInKafka() {
        Set<String> identities = new HashSet<>();
        for (ConsumerRecord<String, String> record : kafka.readAll(Topics.READINGS, TIMEOUT)) {
            Reading r = DeviceOracle.parse(record.value(), Reading.class);
            identities.add(r.deviceId() + "/" + r.seq());
        }
        return identities.size();
    }

    /** Publishes {@code messages} in chunks of {@value #CHUNK} (one MQTT connection each), counting chunks. */
    private CompletableFuture<Void> publishAsync(List<Map.Entry<String, String>> messages, AtomicInteger chunks) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < messages.size(); i += CHUNK) {
                try {
                    MqttV5Publisher.publish(mosquitto.url(),
                            messages.subList(i, Math.min(messages.size(), i + CHUNK)));
                } catch (MqttException e) {
                    throw new IllegalStateException("cannot publish to " + mosquitto.url(), e);
                }
                chunks.incrementAndGet();
            }
        }, publishing);
    }

    private void startGateway(String id) {
        gateways.put(id, Gateway.start(GatewayConfig.from(ConfigSource.of(Map.of(
                "gateway.id", id,
                "mqtt.url", mosquitto.url(),
                "mqtt.topic-filter", SHARED_FILTER,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.replication-factor", Short.toString(KafkaClusterFixture.REPLICATION_FACTOR),
                "http.host", "127.0.0.1",
                "http.port", "0")))));
    }

    private ProcessorConfig processorConfig(int instance) {
        Map<String, String> settings = new HashMap<>();
        settings.put("application.id", applicationId);
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("state.dir", stateDirs.resolve("p" + (instance + 1)).toString());
        settings.put("topics.replication-factor", Short.toString(KafkaClusterFixture.REPLICATION_FACTOR));
        settings.put("device.offline-after", "1h");
        settings.put("api.auth.mode", "off");
        // a closed instance is noticed after the session timeout (Kafka Streams does not leave the group on close)
        settings.put("kafka.consumer.session.timeout.ms", "10000");
        settings.put("kafka.consumer.heartbeat.interval.ms", "1000");
        settings.put("kafka.probing.rebalance.interval.ms", "60000");
        return ProcessorConfig.from(ConfigSource.of(settings));
    }

    /** {@code telemetry_gateway_readings_produced_total} of JSON readings, from the gateway's /metrics. */
    private static double produced(Gateway gateway) {
        String scrape = Workload.get("http://127.0.0.1:" + gateway.httpPort() + "/metrics").body();
        return scrape.lines().filter(l -> l.startsWith("telemetry_gateway_readings_produced_total{")
                        && l.contains("format=\"json\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String api(StreamProcessor p) {
        return "http://127.0.0.1:" + p.httpPort();
    }

    private static String self(StreamProcessor p) {
        return "127.0.0.1:" + p.httpPort();
    }

    private static void log(long startedNanos, String what) {
        System.out.printf("ScaleOutIT: %s (%d s)%n", what,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
    }
}
