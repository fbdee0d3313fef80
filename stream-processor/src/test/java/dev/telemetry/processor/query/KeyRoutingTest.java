package dev.telemetry.processor.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class KeyRoutingTest {

    private static final HostInfo SELF = new HostInfo("10.0.0.1", 8080);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8080);
    private static final HostInfo THIRD = new HostInfo("10.0.0.3", 8080);

    @Test
    void shouldAnswerHereWhenThisInstanceOwnsTheKey() {
        KeyQueryMetadata owner = new KeyQueryMetadata(SELF, Set.of(OTHER), 4);

        assertThat(KeyRouting.route(owner, SELF, false, "RUNNING")).isEqualTo(new Route.Here(4, false));
        assertThat(KeyRouting.route(owner, SELF, true, "RUNNING")).isEqualTo(new Route.Here(4, false));
    }

    @Test
    void shouldForwardToTheOwnerWhenAnotherInstanceOwnsTheKey() {
        KeyQueryMetadata owner = new KeyQueryMetadata(OTHER, Set.of(THIRD), 2);

        assertThat(KeyRouting.route(owner, SELF, false, "RUNNING")).isEqualTo(new Route.Elsewhere(OTHER));
        assertThat(KeyRouting.route(owner, SELF, true, "RUNNING")).isEqualTo(new Route.Elsewhere(OTHER));
    }

    @Test
    void shouldServeALocalStandbyOnlyWhenStaleReadsAreAllowed() {
        KeyQueryMetadata owner = new KeyQueryMetadata(OTHER, Set.of(SELF), 1);

        assertThat(KeyRouting.route(owner, SELF, true, "RUNNING")).isEqualTo(new Route.Here(1, true));
        assertThat(KeyRouting.route(owner, SELF, false, "RUNNING")).isEqualTo(new Route.Elsewhere(OTHER));
    }

    @Test
    void shouldBeUnavailableWithoutAnAssignment() {
        assertThat(KeyRouting.route(KeyQueryMetadata.NOT_AVAILABLE, SELF, true, "REBALANCING"))
                .isInstanceOfSatisfying(Route.Nowhere.class,
                        n -> assertThat(n.reason()).contains("REBALANCING"));
        assertThat(KeyRouting.route(null, SELF, false, "CREATED")).isInstanceOf(Route.Nowhere.class);
    }

    @Test
    void shouldForwardToARemoteStandbyWhenTheOwnerIsUnknownAndStaleReadsAreAllowed() {
        KeyQueryMetadata ownerless = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(THIRD), 3);

        assertThat(KeyRouting.route(ownerless, SELF, true, "REBALANCING")).isEqualTo(new Route.Elsewhere(THIRD));
        assertThat(KeyRouting.route(ownerless, SELF, false, "REBALANCING")).isInstanceOf(Route.Nowhere.class);
        assertThat(KeyRouting.route(new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), 3), SELF, true,
                "REBALANCING")).isInstanceOf(Route.Nowhere.class);
    }
}
