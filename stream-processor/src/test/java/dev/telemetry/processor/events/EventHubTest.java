package dev.telemetry.processor.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHubTest {

    /** Takes up to {@code capacity} events, then refuses. */
    private static final class Recorder implements EventHub.Subscriber {
        final List<EventHub.Event> events = new ArrayList<>();
        final int capacity;
        boolean overflowed;

        Recorder(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean offer(EventHub.Event e) {
            if (events.size() == capacity) {
                return false;
            }
            events.add(e);
            return true;
        }

        @Override
        public void overflowed() {
            overflowed = true;
        }
    }

    @Test
    void shouldDeliverMatchingEventsInOrderWithIncreasingIds() {
        EventHub hub = new EventHub(100);
        Recorder boilers = new Recorder(100);
        hub.subscribe(e -> e.deviceId().startsWith("boiler"), boilers, null);

        hub.publish("state", "boiler-1", "{\"a\":1}");
        hub.publish("state", "pump-1", "{\"b\":1}");
        hub.publish("state", "boiler-2", "{\"c\":1}");

        assertThat(boilers.events).extracting(EventHub.Event::deviceId).containsExactly("boiler-1", "boiler-2");
        assertThat(boilers.events).extracting(EventHub.Event::id).containsExactly(1L, 3L);
    }

    @Test
    void shouldResumeAfterLastEventIdWhileTheEventsAreKept() {
        EventHub hub = new EventHub(3);
        for (int i = 1; i <= 5; i++) {
            hub.publish("state", "d", "{\"n\":" + i + "}");          // keeps ids 3, 4, 5
        }
        Recorder resumed = new Recorder(100);
        assertThat(hub.subscribe(e -> true, resumed, 3L)).isTrue();
        assertThat(resumed.events).extracting(EventHub.Event::id).containsExactly(4L, 5L);

        Recorder tooOld = new Recorder(100);
        assertThat(hub.subscribe(e -> true, tooOld, 1L)).as("event 2 is gone").isFalse();
        assertThat(tooOld.events).extracting(EventHub.Event::id).containsExactly(3L, 4L, 5L);

        hub.publish("state", "d", "{\"n\":6}");
        assertThat(resumed.events).extracting(EventHub.Event::id).containsExactly(4L, 5L, 6L);
    }

    @Test
    void shouldDropASlowSubscriberInsteadOfWaitingForIt() {
        EventHub hub = new EventHub(100);
        Recorder slow = new Recorder(2);
        Recorder fast = new Recorder(100);
        hub.subscribe(e -> true, slow, null);
        hub.subscribe(e -> true, fast, null);

        for (int i = 0; i < 5; i++) {
            hub.publish("state", "d", "{}");
        }

        assertThat(slow.overflowed).isTrue();
        assertThat(slow.events).hasSize(2);
        assertThat(fast.events).hasSize(5);
        assertThat(hub.subscribers()).isEqualTo(1);
    }
}
