package dev.telemetry.processor.http;

import dev.telemetry.processor.events.EventHub;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events?device=&types=}: server-sent events, live: {@code state} (data: the device's new
 * {@code DeviceState} JSON) and {@code anomaly} (data: an {@code Anomaly} JSON, RAISED or RESOLVED, schema v1 of
 * docs/anomalies.md). {@code device} is a device id pattern ({@code *} matches any characters), {@code types} a
 * comma-separated list of event types (default: all). Every event has an {@code id}; a client reconnecting with {@code Last-Event-ID}
 * first gets what it missed if this instance still has it, otherwise a {@code reset} event (reload the
 * state). A comment line every 15 s keeps proxies from closing an idle stream. A client that cannot keep up
 * (1,000 events queued) gets a {@code dropped} event and is disconnected; the pipeline never waits for it.
 */
final class EventsResource {

    private static final Logger log = LoggerFactory.getLogger(EventsResource.class);
    static final Set<String> TYPES = Set.of("state", "anomaly");
    static final int QUEUE = 1000;
    static final int MAX_CLIENTS = 200;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final EventHub hub;
    private final Duration heartbeat;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();

    EventsResource(EventHub hub) {
        this(hub, HEARTBEAT);
    }

    EventsResource(EventHub hub, Duration heartbeat) {
        this.hub = hub;
        this.heartbeat = heartbeat;
    }

    /**
     * Ends every stream and waits (bounded) for their writers, before the server stops: a writer that outlived
     * its server would write into a recycled response, and Javalin then loops through error handlers that fail
     * on the recycled request, logging without end.
     */
    void close() throws InterruptedException {
        List<Stream> streams = List.copyOf(open);
        streams.forEach(Stream::stop);
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        for (Stream stream : streams) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                stream.writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Validates the request (precise 400s) before the response turns into an event stream. */
    Handler handler() {
        return ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ApiException(406, "not_acceptable", "this is a server-sent event stream: send"
                        + " Accept: text/event-stream (curl -N -H 'Accept: text/event-stream' ...)");
            }
            Predicate<EventHub.Event> filter = filter(ctx);
            Long lastEventId = lastEventId(ctx);
            if (hub.subscribers() >= MAX_CLIENTS) {
                ctx.header("Retry-After", "10");
                throw new ApiException(503, "too_many_clients", "this instance already streams to " + MAX_CLIENTS
                        + " clients; try another instance or later");
            }
            new SseHandler(client -> open(client, filter, lastEventId)).handle(ctx);
        };
    }

    private void open(SseClient client, Predicate<EventHub.Event> filter, Long lastEventId) {
        client.keepAlive();
        Stream stream = new Stream(client);
        client.onClose(stream::stop);
        if (!hub.subscribe(filter, stream, lastEventId)) {
            stream.control("reset", "{\"reason\":\"events after " + lastEventId + " are no longer kept;"
                    + " reload the state from /api/v1/devices and the open alerts from /api/v1/anomalies\"}");
        }
        stream.start();
    }

    private static Predicate<EventHub.Event> filter(Context ctx) {
        QueryParams.only(ctx, "device", "types");
        String types = ctx.queryParam("types");
        Set<String> wanted = types == null || types.isBlank() ? TYPES
                : Arrays.stream(types.split(",")).map(String::strip).collect(Collectors.toSet());
        for (String t : wanted) {
            if (!TYPES.contains(t)) {
                throw ApiException.badRequest("types: unknown event type '" + t + "'; known: " + new TreeSet<>(TYPES));
            }
        }
        String device = ctx.queryParam("device");
        Predicate<String> deviceMatch = d -> true;
        if (device != null && !device.isBlank()) {
            DevicePattern p = DevicePattern.parse("device", device);
            deviceMatch = p::matches;
        }
        Predicate<String> devices = deviceMatch;
        return e -> wanted.contains(e.type()) && devices.test(e.deviceId());
    }

    private static Long lastEventId(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(raw.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("Last-Event-ID must be an event id (a number >= 0), got '"
                + (raw.length() > 40 ? raw.substring(0, 40) + "..." : raw) + "'");
    }

    /** One client: its queue, and the thread that writes to it. */
    private final class Stream implements EventHub.Subscriber {
        private final SseClient client;
        private final BlockingQueue<EventHub.Event> queue = new ArrayBlockingQueue<>(QUEUE);
        private final AtomicBoolean overflowed = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile EventHub.Event control;
        private final Thread writer;

        Stream(SseClient client) {
            this.client = client;
            this.writer = new Thread(this::write, "sse-client");
            this.writer.setDaemon(true);
        }

        void start() {
            open.add(this);
            writer.start();
        }

        void control(String type, String data) {
            control = new EventHub.Event(0, type, "", data);
        }

        @Override
        public boolean offer(EventHub.Event e) {
            return !stopped.get() && queue.offer(e);
        }

        @Override
        public void overflowed() {
            overflowed.set(true);
        }

        void stop() {
            if (stopped.compareAndSet(false, true)) {
                open.remove(this);
                hub.unsubscribe(this);
                writer.interrupt();
            }
        }

        private void write() {
            try {
                EventHub.Event c = control;
                if (c != null) {
                    client.sendEvent(c.type(), c.data());
                }
                while (!stopped.get() && !client.terminated()) {
                    if (overflowed.get()) {
                        client.sendEvent("dropped", "{\"reason\":\"the client did not keep up (" + QUEUE
                                + " events queued); reconnect with Last-Event-ID\"}");
                        break;
                    }
                    EventHub.Event e = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                    if (e == null) {
                        client.sendComment("heartbeat");
                    } else {
                        client.sendEvent(e.type(), e.data(), Long.toString(e.id()));
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (RuntimeException e) {
                log.debug("event stream ended: {}", e.toString());
            } finally {
                stop();
                client.close();
            }
        }
    }
}
