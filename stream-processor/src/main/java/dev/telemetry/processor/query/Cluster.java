package dev.telemetry.processor.query;

import java.util.List;
import java.util.Set;

/**
 * What this instance knows about the application's instances, from Kafka Streams' metadata.
 *
 * @param peers      {@code host:port} of every other instance ({@code application.server})
 * @param partitions every partition of the input topic that some instance runs actively: a fleet listing
 *                   must cover all of them
 */
public record Cluster(List<String> peers, Set<Integer> partitions) {

    /** A single instance that covers whatever it has. */
    public static final Cluster ALONE = new Cluster(List.of(), Set.of());

    public Cluster {
        peers = List.copyOf(peers);
        partitions = Set.copyOf(partitions);
    }
}
