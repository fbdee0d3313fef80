package dev.telemetry.processor.query;

import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Decides where a key's query is answered, from Kafka Streams' metadata for the key. Pure, so that the
 * rules are tested without Kafka:
 *
 * <ol>
 *   <li>no partition for the key yet (starting, rebalancing): nowhere;</li>
 *   <li>stale reads allowed and this instance has a standby replica of the key's partition (and is not the
 *       owner): here, marked stale; no network hop, and it still answers while the owner is gone;</li>
 *   <li>this instance owns the key: here;</li>
 *   <li>another, known instance owns it: there;</li>
 *   <li>no owner known, stale reads allowed and another instance has a standby: there (the forwarded request
 *       keeps {@code allowStale}, so that instance answers from its standby);</li>
 *   <li>otherwise nowhere.</li>
 * </ol>
 */
final class KeyRouting {

    private KeyRouting() {
    }

    static Route route(KeyQueryMetadata owner, HostInfo self, boolean allowStale, String streamsState) {
        if (owner == null || owner.partition() < 0) {
            return new Route.Nowhere("no partition assignment yet (Kafka Streams is " + streamsState
                    + "; starting or rebalancing)");
        }
        HostInfo active = known(owner.activeHost()) ? owner.activeHost() : null;
        Set<HostInfo> standbys = owner.standbyHosts() == null ? Set.of() : owner.standbyHosts();
        if (allowStale && !self.equals(active) && standbys.contains(self)) {
            return new Route.Here(owner.partition(), true);
        }
        if (self.equals(active)) {
            return new Route.Here(owner.partition(), false);
        }
        if (active != null) {
            return new Route.Elsewhere(active);
        }
        if (allowStale) {
            for (HostInfo standby : standbys) {
                if (known(standby) && !standby.equals(self)) {
                    return new Route.Elsewhere(standby);
                }
            }
        }
        return new Route.Nowhere("the owner of partition " + owner.partition() + " is not known right now"
                + " (Kafka Streams is " + streamsState + "; rebalancing)"
                + (allowStale ? " and no instance has a standby replica of it" : ""));
    }

    private static boolean known(HostInfo host) {
        return host != null && !host.equals(HostInfo.unavailable());
    }
}
