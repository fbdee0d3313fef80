package dev.telemetry.localstack.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.telemetry.localstack.fixtures.LoadPublisher;
import dev.telemetry.model.Topics;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/** The common end of every guarantee test: everything PUBACKed is in Kafka. Counts and prints the figures. */
final class NoLoss {

    static final Duration PUBACK_TIMEOUT = Duration.ofSeconds(90);
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(150);

    /** What a run ended with. */
    record Figures(long published, long inKafka, long records, long duplicates, Map<String, Long> byGateway) {
    }

    private NoLoss() {
    }

    /**
     * Stops creating messages, waits until the broker PUBACKed every created message, then until
     * {@code telemetry.readings} holds a reading for each; fails naming the missing ones otherwise.
     * Prints {@code <test>: published N / in Kafka N / duplicates N}.
     */
    static Figures assertEveryPublishedMessageInKafka(String test, LoadPublisher publisher, String bootstrapServers) {
        publisher.stopGenerating();
        await("the broker PUBACKs every message (" + publisher + ")").atMost(PUBACK_TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(publisher::allAcknowledged);
        BitSet published = publisher.acknowledgedSeqs();
        try (ReadingsTally tally = new ReadingsTally(bootstrapServers, publisher)) {
            try {
                await("every published message's reading in " + Topics.READINGS).atMost(KAFKA_TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> tally.poll().missing(published).isEmpty());
            } catch (ConditionTimeoutException e) {
                // report below with the numbers
            }
            tally.poll();
            BitSet missing = tally.missing(published);
            Figures f = new Figures(published.cardinality(), tally.distinct(), tally.records(), tally.duplicates(),
                    tally.byGateway());
            System.out.printf("%s: published %d / in Kafka %d (%d records) / missing %d / duplicates %d"
                            + " / readings per gateway %s%n", test, f.published(), f.inKafka(), f.records(),
                    missing.cardinality(), f.duplicates(), f.byGateway());
            assertThat(tally.mismatches()).as("records in Kafka that match no published message").isEmpty();
            assertThat(missing.cardinality()).as("published (PUBACKed) messages missing from %s, first: %s",
                    Topics.READINGS, missing.stream().limit(20).boxed().toList()).isZero();
            assertThat(f.inKafka()).as("distinct messages in Kafka").isEqualTo(publisher.generated());
            return f;
        }
    }

    /**
     * Lets {@code duration} pass while checking {@code invariant} every 500 ms (e.g. "the gateway process
     * is still alive"), instead of sleeping blindly.
     */
    static void hold(Duration duration, Runnable invariant) {
        long end = System.nanoTime() + duration.toNanos();
        await().atMost(duration.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            invariant.run();
            return System.nanoTime() - end >= 0;
        });
    }
}
