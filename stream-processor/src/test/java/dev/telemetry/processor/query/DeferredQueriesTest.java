package dev.telemetry.processor.query;

import static dev.telemetry.processor.testing.Readings.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredQueriesTest {

    private final DeferredQueries deferred = new DeferredQueries();

    @Test
    void shouldAnswerUnavailableAndNotReadyUntilBound() {
        assertThat(deferred.find("dev-1")).isInstanceOf(DeviceLookup.Unavailable.class);
        assertThatThrownBy(() -> deferred.list(10, null)).isInstanceOf(StoreUnavailableException.class);
        assertThat(deferred.check().ready()).isFalse();
    }

    @Test
    void shouldDelegateOnceBound() {
        DeviceQueries real = new DeviceQueries() {
            @Override
            public DeviceLookup find(String deviceId) {
                return new DeviceLookup.Found(state(deviceId, 1.0, 1_000));
            }

            @Override
            public DevicePage list(int limit, String cursorExclusive, DeviceFilter filter) {
                return new DevicePage(List.of(state("dev-1", 1.0, 1_000)), null);
            }
        };

        deferred.bind(real, () -> Readiness.ready("RUNNING"));

        assertThat(deferred.find("dev-1")).isInstanceOf(DeviceLookup.Found.class);
        assertThat(deferred.list(10, null).items()).hasSize(1);
        assertThat(deferred.check().ready()).isTrue();
    }
}
