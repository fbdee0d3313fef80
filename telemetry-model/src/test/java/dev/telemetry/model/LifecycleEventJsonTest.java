package dev.telemetry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LifecycleEventJsonTest {

    private static final Source SOURCE = new Source("spBv1.0/plant/NBIRTH/edge-1", "sparkplug-b", "gw-1");

    @Test
    void shouldRoundTripThroughJson() throws Exception {
        LifecycleEvent event = new LifecycleEvent("plant/edge-1", LifecycleEvent.Type.BIRTH, 1_486_144_502_122L,
                TimeSource.DEVICE, 1_486_144_503_000L, 0L, "NBIRTH", SOURCE);

        String json = Json.mapper().writeValueAsString(event);

        assertThat(json).contains("\"type\":\"BIRTH\"", "\"session\":0", "\"deviceId\":\"plant/edge-1\"");
        assertThat(Json.mapper().readValue(json, LifecycleEvent.class)).isEqualTo(event);
    }

    @Test
    void shouldLeaveOutAbsentSessionAndReason() throws Exception {
        LifecycleEvent event = new LifecycleEvent("plant/edge-1", LifecycleEvent.Type.DEATH, 1L, TimeSource.GATEWAY,
                1L, null, null, SOURCE);

        assertThat(Json.mapper().writeValueAsString(event)).doesNotContain("session", "reason");
    }

    @Test
    void shouldRejectAnInvalidDeviceId() {
        assertThatThrownBy(() -> new LifecycleEvent("plant/edge 1", LifecycleEvent.Type.DEATH, 1L,
                TimeSource.GATEWAY, 1L, null, null, SOURCE)).isInstanceOf(IllegalArgumentException.class);
    }
}
