package dev.telemetry.processor.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.model.Json;
import dev.telemetry.processor.query.Cluster;
import dev.telemetry.processor.query.StoreUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Asking every instance for its local page of a fleet-wide answer (the device listing, the open alerts), all or
 * nothing: an instance that does not answer 200, or partitions that no page covers (ownership moved while we
 * asked), make the whole answer unavailable ({@link StoreUnavailableException}, 503), never silently partial.
 * Instances are asked one after the other, each bounded by the peer client's timeouts, with the caller's
 * {@code Authorization}: each instance checks the caller's token itself.
 */
final class InstancePages {

    private InstancePages() {
    }

    /**
     * This instance's page followed by every other instance's.
     *
     * @param what         what the pages are, for messages, e.g. {@code "listing"}
     * @param partitionsOf the partitions a page covers
     * @param parse        reads a peer's 200 body into a page
     */
    static <P> List<P> collect(Cluster cluster, P local, PeerClient peers, String pathAndQuery, String authorization,
            String what, Function<P, Set<Integer>> partitionsOf, JsonPage<P> parse) {
        List<P> pages = new ArrayList<>();
        pages.add(local);
        Set<Integer> covered = new TreeSet<>(partitionsOf.apply(local));
        for (String peer : cluster.peers()) {
            P page = ask(peers, peer, pathAndQuery, authorization, what, parse);
            pages.add(page);
            covered.addAll(partitionsOf.apply(page));
        }
        if (!covered.containsAll(cluster.partitions())) {
            Set<Integer> missing = new TreeSet<>(cluster.partitions());
            missing.removeAll(covered);
            throw new StoreUnavailableException("partitions " + missing + " were not covered by any instance's"
                    + " answer (ownership is moving)");
        }
        return pages;
    }

    /** Reads a page from a peer's JSON answer. */
    interface JsonPage<P> {
        P read(JsonNode body) throws IOException;
    }

    /** The {@code items} of a page, each read as {@code type}. */
    static <T> List<T> items(JsonNode body, Class<T> type) throws IOException {
        List<T> items = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            items.add(Json.mapper().treeToValue(item, type));
        }
        return items;
    }

    /** The {@code partitions} a page says it covers. */
    static Set<Integer> partitions(JsonNode body) {
        Set<Integer> partitions = new TreeSet<>();
        body.path("partitions").forEach(p -> partitions.add(p.asInt()));
        return partitions;
    }

    private static <P> P ask(PeerClient peers, String peer, String pathAndQuery, String authorization, String what,
            JsonPage<P> parse) {
        PeerClient.PeerResponse answer;
        try {
            answer = peers.get(peer, pathAndQuery, authorization);
        } catch (PeerClient.PeerUnavailableException e) {
            throw new StoreUnavailableException("instance " + peer + " does not answer, so the " + what
                    + " would be incomplete: " + e.getMessage(), e);
        }
        if (answer.status() != 200) {
            throw new StoreUnavailableException("instance " + peer + " answered " + answer.status()
                    + " to its local " + what + ": " + answer.body());
        }
        try {
            return parse.read(Json.mapper().readTree(answer.body()));
        } catch (IOException e) {
            throw new IllegalStateException("instance " + peer + " answered an unreadable " + what, e);
        }
    }
}
