package dev.telemetry.localstack.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.fixtures.GatewayProcess;
import dev.telemetry.localstack.fixtures.KafkaFixture;
import dev.telemetry.localstack.fixtures.LoadPublisher;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Guarantees 2 and 3: Kafka is unavailable for 30 s while messages keep coming. The gateway runs as a
 * separate JVM with a small heap; the test checks that nothing is lost, that the gateway stopped
 * acknowledging (the broker's message store grows by what publishers sent during the outage), that its
 * heap after GC stayed under the documented bound, and that it resumed without being restarted.
 */
final class KafkaOutage {

    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final int RATE = 1_000;
    static final int RECEIVE_MAXIMUM = 1_000;
    static final int MAX_PAYLOAD_BYTES = 4_096;
    static final long PRODUCER_BUFFER_BYTES = 32L * 1024 * 1024;
    /** Allowance for the gateway's own footprint (clients, logging, per-message objects); measured: under 20 MB. */
    static final long BASELINE_BYTES = 64L * 1024 * 1024;
    /**
     * The documented bound on the gateway's heap (ingest-gateway README, Guarantees): baseline + producer
     * buffer + 2 x receive maximum x max payload (the current connection's unacknowledged messages, and
     * after a session restart the previous connection's, until their records expire).
     */
    static final long HEAP_BOUND_BYTES = BASELINE_BYTES + PRODUCER_BUFFER_BYTES
            + 2L * RECEIVE_MAXIMUM * MAX_PAYLOAD_BYTES;
    static final String MAX_HEAP = "256m";

    /** How Kafka becomes unavailable and comes back. */
    interface Fault {
        void begin();

        void end();
    }

    private KafkaOutage() {
    }

    static Map<String, String> gatewayEnv(MosquittoProcess mosquitto, String bootstrapServers) {
        return Map.of(
                "MQTT_URL", mosquitto.url(),
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "TOPICS_REPLICATION_FACTOR", "1",
                "MQTT_RECEIVE_MAXIMUM", Integer.toString(RECEIVE_MAXIMUM),
                "MQTT_MAX_PAYLOAD_BYTES", Integer.toString(MAX_PAYLOAD_BYTES),
                "KAFKA_BUFFER_MEMORY", Long.toString(PRODUCER_BUFFER_BYTES));
    }

    /**
     * Runs the scenario: flow, {@code fault.begin()}, 30 s, {@code fault.end()}, flow, then the checks.
     *
     * @param bootstrapServers where the test reads Kafka once the fault has ended
     */
    static void run(String test, MosquittoProcess mosquitto, GatewayProcess gateway, String bootstrapServers,
            Fault fault) throws Exception {
        try (LoadPublisher publisher = LoadPublisher.start(mosquitto.url(), KafkaFixture.uniqueName("o") + "-d", 100,
                RATE, 500);
                BrokerStore store = BrokerStore.watch(mosquitto.url(), publisher::acknowledged)) {
            long pid = gateway.pid();
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged() >= 5_000);

            long publishedAtFault = publisher.acknowledged();
            long faultStart = System.nanoTime();
            fault.begin();
            NoLoss.hold(OUTAGE, () -> assertThat(gateway.isAlive()).as("gateway alive during the outage").isTrue());
            long faultEnd = System.nanoTime();
            long publishedDuringOutage = publisher.acknowledged() - publishedAtFault;
            fault.end();

            // the gateway stopped acknowledging: the broker kept what publishers sent during the outage
            List<BrokerStore.Sample> during = store.between(faultStart, faultEnd);
            assertThat(during).as("$SYS store samples during the outage").isNotEmpty();
            BrokerStore.Sample last = during.get(during.size() - 1);
            long sentBeforeSample = last.counter() - publishedAtFault;
            // $SYS values are up to 1 s old when they arrive: allow 2 s of publishing
            assertThat(last.storedMessages()).as("messages held by the broker at the end of the outage (%d PUBACKed to"
                    + " publishers since the fault began)", sentBeforeSample)
                    .isGreaterThanOrEqualTo(sentBeforeSample - 2L * RATE);

            // it resumes by itself: the store drains while publishing goes on
            await("the broker's backlog drains").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        List<BrokerStore.Sample> recent = store.between(System.nanoTime() - 3_000_000_000L,
                                System.nanoTime());
                        return !recent.isEmpty()
                                && recent.get(recent.size() - 1).storedMessages() < 5L * RECEIVE_MAXIMUM;
                    });
            NoLoss.Figures f = NoLoss.assertEveryPublishedMessageInKafka(test, publisher, bootstrapServers);

            assertThat(gateway.isAlive()).as("the gateway process survived").isTrue();
            assertThat(gateway.pid()).as("the same gateway process, never restarted").isEqualTo(pid);
            long heap = gateway.maxHeapAfterGcBytes();
            System.out.printf("%s: broker held %d messages at the end of the %d s outage (%d published during it);"
                            + " gateway heap after GC max %.1f MB over %d GCs, bound %.1f MB (-Xmx%s); MQTT session"
                            + " restarts after Kafka failures: %d%n", test,
                    last.storedMessages(), OUTAGE.toSeconds(), publishedDuringOutage, heap / 1048576.0,
                    gateway.gcCount(), HEAP_BOUND_BYTES / 1048576.0, MAX_HEAP,
                    gateway.logCount("restarting the MQTT session"));
            assertThat(gateway.gcCount()).as("garbage collections logged (the heap was measured)").isPositive();
            assertThat(heap).as("gateway heap in use after GC").isLessThanOrEqualTo(HEAP_BOUND_BYTES);
            assertThat(f.published()).isGreaterThan(publishedAtFault + publishedDuringOutage);
        }
    }

    static GatewayProcess startGateway(String id, MosquittoProcess mosquitto, String bootstrapServers, Path dir) {
        return GatewayProcess.start(id, gatewayEnv(mosquitto, bootstrapServers), dir, MAX_HEAP);
    }
}
