package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.Gateway;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.localstack.fixtures.KafkaClusterFixture;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.fixtures.MqttV5Publisher;
import dev.telemetry.model.DeviceState;
import dev.telemetry.processor.app.ProcessorConfig;
import dev.telemetry.processor.app.StreamProcessor;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stream processors of one application behind the gateway, on a 3-broker in-JVM KRaft cluster
 * ({@link KafkaClusterFixture}: the pipeline's topics and the processor's internal topics with replication
 * factor 3, {@code min.insync.replicas=2}). Readings are published over MQTT to a Mosquitto process, the
 * in-JVM gateway writes them to {@code telemetry.readings}. Every query is answered correctly from either
 * instance (locally or forwarded), the fleet listing from either instance has every device exactly once;
 * one instance is closed while readings keep coming and the other takes over with nothing lost or counted
 * twice; the closed instance restarts on its old state directory and answers again.
 *
 * <p>The oracle is computed here from the generated readings: per device and metric the value with the
 * greatest event time (event times are unique per device and metric), and per device the number of readings
 * ({@code counters.accepted}: exactly once, nothing lost, nothing processed twice; MQTT redeliveries are
 * duplicates by identity, which the processor counts apart).
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int DEVICES = 120;

    private final DeviceOracle oracle = new DeviceOracle("mi", DEVICES, 4242, System.currentTimeMillis() - 1_800_000);

    private MosquittoProcess mosquitto;
    private KafkaClusterFixture kafka;
    private Gateway gateway;
    private String applicationId;
    private Path stateA;
    private Path stateB;
    private StreamProcessor a;
    private StreamProcessor b;

    @BeforeAll
    void start(@TempDir Path stateDirs) {
        this.stateA = stateDirs.resolve("a");
        this.stateB = stateDirs.resolve("b");
        mosquitto = MosquittoProcess.start();
        kafka = KafkaClusterFixture.start();
        applicationId = KafkaFixture.uniqueName("multi-it");
        a = StreamProcessor.start(config(stateA));
        b = StreamProcessor.start(config(stateB));
        gateway = Gateway.start(GatewayConfig.from(ConfigSource.of(Map.of(
                "gateway.id", KafkaFixture.uniqueName("gw"),
                "mqtt.url", mosquitto.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "topics.replication-factor", Short.toString(KafkaClusterFixture.REPLICATION_FACTOR),
                "http.host", "127.0.0.1",
                "http.port", "0"))));
        await().atMost(TIMEOUT).until(() -> a.isReady() && b.isReady());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void shouldAnswerFromEitherInstanceAndSurviveAnInstanceLeavingAndRejoining() throws Exception {
        long started = System.nanoTime();
        MqttV5Publisher.publish(mosquitto.url(), oracle.batch(10));

        // every device from either instance: some answered locally, some forwarded
        for (StreamProcessor entry : List.of(a, b)) {
            Map<String, Integer> servedBy = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> oracle.answersFrom(api(entry)), answers -> answers != null);
            assertThat(servedBy.keySet()).as("instances that answered queries sent to %s", self(entry))
                    .containsExactlyInAnyOrder(self(a), self(b));
            assertWindowsFrom(api(entry));
            assertListingFrom(api(entry));
        }
        // stale reads are allowed to come from the local standby, and then say so
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertStaleReadsFrom(a));
        System.out.printf("MultiInstanceIT: both instances answer (%d s)%n", seconds(started));

        // close B while readings keep coming
        CountDownLatch firstChunk = new CountDownLatch(1);
        List<Map.Entry<String, String>> second = oracle.batch(10);
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            int chunk = second.size() / 10;
            for (int i = 0; i < second.size(); i += chunk) {
                publish(second.subList(i, Math.min(second.size(), i + chunk)));
                firstChunk.countDown();
            }
        });
        assertThat(firstChunk.await(60, TimeUnit.SECONDS)).isTrue();
        b.close();
        producing.get(120, TimeUnit.SECONDS);

        Map<String, Integer> afterFailover = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> oracle.answersFrom(api(a)), answers -> answers != null);
        assertThat(afterFailover.keySet()).containsExactly(self(a));
        assertWindowsFrom(api(a));
        assertListingFrom(api(a));
        System.out.printf("MultiInstanceIT: A took over every device (%d s)%n", seconds(started));

        // B restarts on its old state directory, rejoins and answers again
        b = StreamProcessor.start(config(stateB));
        await().atMost(TIMEOUT).until(() -> a.isReady() && b.isReady());
        MqttV5Publisher.publish(mosquitto.url(), oracle.batch(3));
        for (StreamProcessor entry : List.of(b, a)) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, Integer> servedBy = oracle.answersFrom(api(entry));
                assertThat(servedBy).as("all devices correct from %s", self(entry)).isNotNull();
                assertThat(servedBy.keySet()).as("instances that answered queries sent to %s", self(entry))
                        .containsExactlyInAnyOrder(self(a), self(b));
            });
            assertWindowsFrom(api(entry));
            assertListingFrom(api(entry));
        }
        System.out.printf("MultiInstanceIT: B rejoined and answers; %d devices, %d readings, %d s%n", DEVICES,
                oracle.totalReadings(), seconds(started));
    }

    private ProcessorConfig config(Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("application.id", applicationId);
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("state.dir", stateDir.toString());
        // the pipeline topics and the internal changelog / repartition topics on all three brokers
        settings.put("topics.replication-factor", Short.toString(KafkaClusterFixture.REPLICATION_FACTOR));
        settings.put("device.offline-after", "1h");
        settings.put("api.auth.mode", "off");
        // a closed instance is noticed after the session timeout (Kafka Streams does not leave the group on close)
        settings.put("kafka.consumer.session.timeout.ms", "10000");
        settings.put("kafka.consumer.heartbeat.interval.ms", "1000");
        // a rejoining instance with warm state is given its tasks back at the next probing rebalance at the latest
        settings.put("kafka.probing.rebalance.interval.ms", "60000");
        return ProcessorConfig.from(ConfigSource.of(settings));
    }

    /** Windows of every tenth device: the counts add up to the device's temperature readings. */
    private void assertWindowsFrom(String api) {
        Set<String> servedBy = new HashSet<>();
        for (int d = 1; d <= DEVICES; d += 10) {
            String device = DeviceOracle.deviceId("mi", d);
            HttpResponse<String> response = Workload.get(api + "/api/v1/devices/" + device
                    + "/metrics/temperature/windows");
            assertThat(response.statusCode()).as("windows of %s: %s", device, response.body()).isEqualTo(200);
            JsonNode body = DeviceOracle.parse(response.body(), JsonNode.class);
            long count = 0;
            for (JsonNode window : body.get("windows")) {
                count += window.get("count").asLong();
            }
            assertThat(count).as("readings in the temperature windows of %s", device)
                    .isEqualTo((long) oracle.temperatureReadings(device));
            servedBy.add(response.headers().firstValue("X-Telemetry-Served-By").orElse("?"));
        }
        assertThat(servedBy).as("instances that answered window queries").doesNotContain("?");
    }

    /** The fleet listing, paged, filtered and not: every device exactly once, in id order. */
    private void assertListingFrom(String api) {
        List<String> all = oracle.sortedDeviceIds();
        List<String> even = all.stream().filter(id -> Integer.parseInt(id.substring(3)) % 2 == 0).toList();
        assertThat(list(api, "limit=37")).as("listing from %s", api).containsExactlyElementsOf(all);
        assertThat(list(api, "limit=1000&status=ONLINE")).containsExactlyElementsOf(all);
        assertThat(list(api, "limit=1000&status=OFFLINE")).isEmpty();
        assertThat(list(api, "limit=25&metric=humidity")).containsExactlyElementsOf(even);
    }

    /** With allowStale=true every device is answered by the instance asked (from its standby when it is not
     *  the owner), marked stale exactly when it did not own the device, and equal to the oracle once warm. */
    private void assertStaleReadsFrom(StreamProcessor entry) {
        int stale = 0;
        for (String device : oracle.sortedDeviceIds()) {
            HttpResponse<String> fresh = Workload.get(api(entry) + "/api/v1/devices/" + device);
            HttpResponse<String> response = Workload.get(api(entry) + "/api/v1/devices/" + device + "?allowStale=true");
            assertThat(response.statusCode()).as("%s: %s", device, response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Telemetry-Served-By")).hasValue(self(entry));
            boolean owned = fresh.headers().firstValue("X-Telemetry-Served-By").orElseThrow().equals(self(entry));
            assertThat(response.headers().firstValue("X-Telemetry-Stale").isPresent()).as(device).isEqualTo(!owned);
            assertThat(oracle.matches(DeviceOracle.parse(response.body(), DeviceState.class)))
                    .as("standby of %s is warm", device)
                    .isTrue();
            stale += owned ? 0 : 1;
        }
        assertThat(stale).as("devices answered from the standby").isPositive();
    }

    private static List<String> list(String api, String query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> response = Workload.get(api + "/api/v1/devices?" + query
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.statusCode()).as("GET /api/v1/devices?%s: %s", query, response.body()).isEqualTo(200);
            JsonNode page = DeviceOracle.parse(response.body(), JsonNode.class);
            page.get("items").forEach(item -> ids.add(item.get("deviceId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null && ids.size() <= 10 * DEVICES);
        return ids;
    }

    private void publish(List<Map.Entry<String, String>> messages) {
        try {
            MqttV5Publisher.publish(mosquitto.url(), messages);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot publish to " + mosquitto.url(), e);
        }
    }

    private static String api(StreamProcessor p) {
        return "http://127.0.0.1:" + p.httpPort();
    }

    private static String self(StreamProcessor p) {
        return "127.0.0.1:" + p.httpPort();
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
