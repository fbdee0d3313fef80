package dev.telemetry.processor.rules;

import dev.telemetry.model.Rule;
import dev.telemetry.processor.query.StoreUnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * The alert rules as the API sees them: read from this instance's copy of the rules topic (every instance holds all
 * rules), written to the topic. {@link KafkaRuleCatalog} in production, in-memory fakes in tests.
 */
public interface RuleCatalog {

    /**
     * Every valid rule, by id.
     *
     * @throws StoreUnavailableException while the rules cannot be read (starting)
     */
    List<Rule> all();

    /** @throws StoreUnavailableException while the rules cannot be read (starting) */
    Optional<Rule> find(String id);

    /**
     * Stores {@code rule}, replacing the rule with its id, once Kafka has it.
     *
     * @throws StoreUnavailableException while the rules cannot be read (starting)
     * @throws WriteFailedException      when Kafka did not take it
     */
    Written put(Rule rule);

    /**
     * Deletes the rule with this id (its open alerts are resolved by the detectors).
     *
     * @return false when there was no such rule
     * @throws StoreUnavailableException while the rules cannot be read (starting)
     * @throws WriteFailedException      when Kafka did not take the deletion
     */
    boolean delete(String id);

    /**
     * A rule Kafka has.
     *
     * @param created true when no rule had its id before
     * @param visible true when this instance already evaluates it; false when the write is durable but this
     *                instance's copy of the rules had not caught up within the wait (it will)
     */
    record Written(Rule rule, boolean created, boolean visible) {
    }

    /** Kafka did not acknowledge a rule change: nothing changed, or it is unknown whether it did. */
    final class WriteFailedException extends RuntimeException {
        public WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
