package dev.telemetry.localstack.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Publishes the fleet's readings at a fixed rate over one QoS 1 connection, on its own thread: reading {@code i}
 * is due at {@code start + i / rate}; a reading is generated (and stamped) only when it can be sent, so a broker
 * that falls behind lowers the offered rate instead of ageing the event times. Up to {@code window} messages
 * (capped by the broker's receive maximum) are in flight. Counts what the broker acknowledged (PUBACK): from
 * then on the broker owns the message, and whatever the pipeline does not deliver counts as lost.
 */
final class PacedPublisher implements AutoCloseable {

    private static final int WINDOW = 500;

    private final MqttAsyncClient client;
    private final Semaphore inFlight;
    private final ScaleOutFleet fleet;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private Thread thread;

    PacedPublisher(String url, ScaleOutFleet fleet) throws MqttException {
        this.fleet = fleet;
        this.client = new MqttAsyncClient(url, "scale-bench-publisher", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        IMqttToken connack = client.connect(options);
        connack.waitForCompletion(10_000);
        Integer receiveMax = connack.getResponseProperties() == null
                ? null : connack.getResponseProperties().getReceiveMaximum();
        this.inFlight = new Semaphore(Math.min(WINDOW, receiveMax == null ? 65_535 : receiveMax));
    }

    /** Starts publishing {@code rate} readings per second for {@code duration}; returns at once. */
    void start(int rate, Duration duration) {
        long count = rate * duration.toSeconds();
        thread = new Thread(() -> publish(rate, count), "scale-bench-publisher");
        thread.start();
    }

    private void publish(int rate, long count) {
        MqttActionListener onAck = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acked.incrementAndGet();
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                failed.incrementAndGet();
                error.compareAndSet(null, exception);
                inFlight.release();
            }
        };
        long start = System.nanoTime();
        try {
            for (long i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                inFlight.acquire();
                ScaleOutFleet.Message m = fleet.next(System.currentTimeMillis());
                while (true) {
                    try {
                        client.publish(m.topic(), m.payload(), 1, false, null, onAck);
                        break;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                            throw e;
                        }
                        // Paho frees its slot just after our listener ran; try again shortly
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MqttException | RuntimeException e) {
            error.compareAndSet(null, e);
        }
    }

    /**
     * Waits until every reading was generated and acknowledged.
     *
     * @throws IllegalStateException when a publish failed or acknowledgements stopped coming for 60 s
     */
    void awaitDone() throws InterruptedException {
        thread.join();
        requireNoError();
        long last = -1;
        long idleSince = System.nanoTime();
        while (acked.get() + failed.get() < fleet.generated()) {
            long now = acked.get();
            if (now != last) {
                last = now;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException((fleet.generated() - now) + " publishes not acknowledged by the"
                        + " MQTT broker for 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        requireNoError();
    }

    private void requireNoError() {
        if (error.get() != null) {
            throw new IllegalStateException("publishing failed (" + failed.get() + " publishes not acknowledged): "
                    + error.get(), error.get());
        }
    }

    /** Readings the broker acknowledged so far. */
    long acked() {
        return acked.get();
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
        try {
            client.disconnect().waitForCompletion(10_000);
        } catch (MqttException e) {
            System.err.println("closing the publisher: " + e);
        } finally {
            try {
                client.close();
            } catch (MqttException e) {
                System.err.println("closing the publisher: " + e);
            }
        }
    }
}
