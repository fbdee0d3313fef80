package dev.telemetry.processor.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;

/**
 * Fans live events out to subscribers, each with a filter and a bounded queue, and keeps the most
 * recent events so that a reconnecting client can resume from its {@code Last-Event-ID}. Ids grow by one
 * per event of this instance. A subscriber whose queue is full is dropped (told so once), never waited
 * for: a slow client must not slow the pipeline. Thread-safe.
 */
public final class EventHub {

    /** One event: its id, its SSE event name, the device it is about and its JSON data. */
    public record Event(long id, String type, String deviceId, String data) {
    }

    /** A subscription; {@link #take} hands out its events in order. */
    public interface Subscriber {
        /** Called by the hub: enqueue, or return false when full. Must not block. */
        boolean offer(Event e);

        /** Called by the hub once when the subscriber was dropped for being too slow. */
        void overflowed();
    }

    private final int history;
    private final ArrayDeque<Event> recent;
    private final Set<Registration> subscribers = new CopyOnWriteArraySet<>();
    private long nextId = 1;

    private record Registration(Predicate<Event> filter, Subscriber subscriber) {
    }

    /** @param history how many recent events are kept for resuming */
    public EventHub(int history) {
        this.history = history;
        this.recent = new ArrayDeque<>(history);
    }

    /** Publishes an event to every matching subscriber; returns its id. */
    public long publish(String type, String deviceId, String data) {
        Event e;
        synchronized (this) {
            e = new Event(nextId++, type, deviceId, data);
            if (recent.size() == history) {
                recent.removeFirst();
            }
            recent.addLast(e);
            for (Registration r : subscribers) {
                deliver(r, e);
            }
        }
        return e.id();
    }

    private void deliver(Registration r, Event e) {
        if (r.filter().test(e) && !r.subscriber().offer(e)) {
            subscribers.remove(r);
            r.subscriber().overflowed();
        }
    }

    /**
     * Subscribes; with {@code lastEventId} (the client's {@code Last-Event-ID}) the subscriber first
     * gets the kept events after it.
     *
     * @return false when events after {@code lastEventId} are no longer kept (the client missed some
     *         and should reload the state), true otherwise
     */
    public boolean subscribe(Predicate<Event> filter, Subscriber subscriber, Long lastEventId) {
        Registration r = new Registration(filter, subscriber);
        synchronized (this) {
            boolean complete = true;
            if (lastEventId != null) {
                Event oldest = recent.peekFirst();
                complete = oldest == null ? lastEventId >= nextId - 1 : lastEventId >= oldest.id() - 1;
                List<Event> missed = new ArrayList<>();
                for (Event e : recent) {
                    if (e.id() > lastEventId) {
                        missed.add(e);
                    }
                }
                for (Event e : missed) {
                    if (filter.test(e) && !subscriber.offer(e)) {
                        subscriber.overflowed();
                        return complete;
                    }
                }
            }
            subscribers.add(r);
            return complete;
        }
    }

    /** Stops delivering to {@code subscriber}. */
    public void unsubscribe(Subscriber subscriber) {
        subscribers.removeIf(r -> r.subscriber() == subscriber);
    }

    /** Current subscribers. */
    public int subscribers() {
        return subscribers.size();
    }
}
