package dev.telemetry.localstack.bench;

import dev.telemetry.net.NoDelaySocketFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * QoS 1 publishers for the benchmarks: {@code connections} Paho v5 async clients, each on its own thread,
 * each keeping up to {@code window} messages in flight (capped by the broker's receive maximum), together
 * publishing messages {@code 0 .. count-1} as fast as the broker acknowledges them. Connected once, reused
 * for several runs, closed at the end.
 */
final class QosPublishers implements AutoCloseable {

    /** What to publish as message number {@code i}. */
    interface Messages {
        String topic(int i);

        byte[] payload(int i);
    }

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Integer> windows = new ArrayList<>();

    QosPublishers(String url, String clientIdPrefix, int connections, int window, boolean noDelay)
            throws MqttException {
        for (int c = 0; c < connections; c++) {
            MqttAsyncClient client = new MqttAsyncClient(url, clientIdPrefix + "-" + c, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            if (noDelay) {
                options.setSocketFactory(new NoDelaySocketFactory());
            }
            IMqttToken connack = client.connect(options);
            connack.waitForCompletion(10_000);
            Integer serverReceiveMax = connack.getResponseProperties() == null
                    ? null : connack.getResponseProperties().getReceiveMaximum();
            clients.add(client);
            windows.add(Math.min(window, serverReceiveMax == null ? 65_535 : serverReceiveMax));
        }
    }

    /**
     * Publishes messages {@code 0 .. count-1}, message i on connection {@code i % connections}, and returns
     * once the broker acknowledged all of them.
     *
     * @return nanoTime when publishing started
     * @throws IllegalStateException when a publish failed or acknowledgements stopped coming for 60 s
     */
    long publish(int count, Messages messages) throws InterruptedException {
        int n = clients.size();
        CountDownLatch acked = new CountDownLatch(count);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int connection = c;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    publishShare(clients.get(connection), windows.get(connection), connection, n, count, messages,
                            acked, failures);
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }, "bench-publisher-" + c);
            t.start();
            threads.add(t);
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (error.get() != null) {
            throw new IllegalStateException("a publisher failed: " + error.get(), error.get());
        }
        long remaining = acked.getCount();
        int idle = 0;
        while (remaining > 0) {
            if (acked.await(1, TimeUnit.SECONDS)) {
                break;
            }
            long now = acked.getCount();
            idle = now == remaining ? idle + 1 : 0;
            remaining = now;
            if (idle >= 60) {
                throw new IllegalStateException(remaining + " of " + count
                        + " publishes not acknowledged by the broker for 60 s");
            }
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " publishes failed");
        }
        return start;
    }

    private static void publishShare(MqttAsyncClient client, int window, int connection, int connections, int count,
            Messages messages, CountDownLatch acked, AtomicInteger failures) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        MqttActionListener onAck = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                inFlight.release();
                acked.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                failures.incrementAndGet();
                inFlight.release();
                acked.countDown();
            }
        };
        for (int i = connection; i < count; i += connections) {
            byte[] payload = messages.payload(i);
            String topic = messages.topic(i);
            inFlight.acquire();
            while (true) {
                try {
                    client.publish(topic, payload, 1, false, null, onAck);
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
    }

    @Override
    public void close() {
        for (MqttAsyncClient client : clients) {
            try {
                client.disconnect().waitForCompletion(10_000);
                client.close();
            } catch (MqttException e) {
                System.err.println("closing a publisher: " + e);
            }
        }
    }
}
