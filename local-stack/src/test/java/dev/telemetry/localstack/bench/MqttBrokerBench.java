package dev.telemetry.localstack.bench;

import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.mqtt.EmbeddedMqttBroker;
import dev.telemetry.localstack.mqtt.HiveMqConfig;
import dev.telemetry.net.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * QoS 1 delivery throughput of an MQTT broker, measured the way the gateway consumes: one Paho v5
 * publisher with async publishes (a window of in-flight messages), one Paho v5 subscriber with a
 * persistent session and manual acks (each message acked in the callback). Not a test: a tool.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -o -q -pl local-stack test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp local-stack/target/test-classes:local-stack/target/classes:$(cat local-stack/target/bench.classpath) \
 *     dev.telemetry.localstack.bench.MqttBrokerBench --broker hivemq
 * </pre>
 * Options (defaults in brackets):
 * <ul>
 * <li>{@code --broker hivemq|mosquitto|url} [hivemq]; {@code --url tcp://host:port} with {@code url}</li>
 * <li>{@code --messages N} [20000], {@code --size BYTES} [150], {@code --window N} [1000] publisher in-flight,
 *     {@code --runs N} [3] measured runs after one warm-up run of N/4</li>
 * <li>{@code --receive-max N} the subscriber's MQTT 5 receive maximum [not sent: 65535]</li>
 * <li>{@code --tcp-nodelay}: both clients disable Nagle's algorithm (Paho does not by default)</li>
 * <li>HiveMQ only: {@code --persistence in-memory|file} [in-memory], {@code --server-receive-max N} [1000],
 *     {@code --max-queue N} [1000000], {@code --inflight-window N} [1000], or {@code --hivemq-stock} for
 *     HiveMQ's own defaults ({@link HiveMqConfig#hivemqDefaults()})</li>
 * </ul>
 */
public final class MqttBrokerBench {

    private static final int MAX_INFLIGHT_REASON = MqttClientException.REASON_CODE_MAX_INFLIGHT;

    private static final int STALL_TIMEOUT_S = 10;

    private final String url;
    private final int messages;
    private final int size;
    private final int window;
    private final Integer subscriberReceiveMax;
    private final boolean noDelay;

    private MqttBrokerBench(String url, int messages, int size, int window, Integer subscriberReceiveMax,
                            boolean noDelay) {
        this.noDelay = noDelay;
        this.url = url;
        this.messages = messages;
        this.size = size;
        this.window = window;
        this.subscriberReceiveMax = subscriberReceiveMax;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int messages = Integer.parseInt(opts.getOrDefault("messages", "20000"));
        int size = Integer.parseInt(opts.getOrDefault("size", "150"));
        int window = Integer.parseInt(opts.getOrDefault("window", "1000"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        Integer receiveMax = opts.containsKey("receive-max") ? Integer.valueOf(opts.get("receive-max")) : null;
        String broker = opts.getOrDefault("broker", "hivemq");
        boolean noDelay = opts.containsKey("tcp-nodelay");

        AutoCloseable resource;
        String url;
        String label;
        switch (broker) {
            case "hivemq" -> {
                HiveMqConfig config = opts.containsKey("hivemq-stock")
                        ? HiveMqConfig.hivemqDefaults()
                        : HiveMqConfig.defaults()
                                .withPersistence("file".equals(opts.get("persistence"))
                                        ? HiveMqConfig.Persistence.FILE : HiveMqConfig.Persistence.IN_MEMORY)
                                .withServerReceiveMaximum(Integer.parseInt(opts.getOrDefault("server-receive-max", "1000")))
                                .withMaxQueuedMessages(Long.parseLong(opts.getOrDefault("max-queue", "1000000")))
                                .withMaxInflightWindow(Integer.parseInt(opts.getOrDefault("inflight-window", "1000")));
                EmbeddedMqttBroker hivemq = EmbeddedMqttBroker.start(0, null, config);
                resource = hivemq;
                url = hivemq.url();
                label = "HiveMQ CE embedded " + config;
            }
            case "mosquitto" -> {
                MosquittoProcess mosquitto = MosquittoProcess.start();
                resource = mosquitto;
                url = mosquitto.url();
                label = "mosquitto (Debian package, separate process)";
            }
            case "url" -> {
                resource = () -> { };
                url = opts.get("url");
                label = "broker at " + url;
            }
            default -> throw new IllegalArgumentException("--broker must be hivemq, mosquitto or url, was " + broker);
        }

        System.out.printf("%s%n%d messages x %d bytes, QoS 1, publisher window %d, subscriber receive maximum %s, "
                        + "client TCP_NODELAY %s, %d cores%n", label, messages, size, window,
                receiveMax == null ? "65535 (default)" : receiveMax, noDelay, Runtime.getRuntime().availableProcessors());
        List<Double> rates = new ArrayList<>();
        try (AutoCloseable ignored = resource) {
            new MqttBrokerBench(url, Math.max(1, messages / 4), size, window, receiveMax, noDelay).run("warm-up", 0);
            for (int i = 1; i <= runs; i++) {
                rates.add(new MqttBrokerBench(url, messages, size, window, receiveMax, noDelay).run("run " + i, i));
            }
        }
        rates.sort(Double::compare);
        System.out.printf(Locale.ROOT, "RESULT delivered msg/s: median %.0f (min %.0f, max %.0f)%n",
                rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1));
        if (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && !t.isDaemon()
                && t != Thread.currentThread() && !"DestroyJavaVM".equals(t.getName()))) {
            System.out.println("non-daemon threads still alive after close:");
            Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
                    .forEach(t -> System.out.println("  " + t.getName()));
        }
    }

    /** One run; returns delivered messages per second. */
    private double run(String name, int runId) throws Exception {
        String topicRoot = "bench/" + runId + "/" + System.nanoTime();
        CountDownLatch allReceived = new CountDownLatch(messages);
        BitSet seen = new BitSet(messages);
        AtomicInteger duplicates = new AtomicInteger();
        AtomicLong lastReceiveNanos = new AtomicLong();

        MqttAsyncClient subscriber = new MqttAsyncClient(url, "bench-sub-" + topicRoot.hashCode(), new MemoryPersistence());
        subscriber.setManualAcks(true);
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                int seq = ByteBuffer.wrap(message.getPayload()).getInt();
                synchronized (seen) {
                    if (seen.get(seq)) {
                        duplicates.incrementAndGet();
                    } else {
                        seen.set(seq);
                        allReceived.countDown();
                        lastReceiveNanos.set(System.nanoTime());
                    }
                }
                try {
                    subscriber.messageArrivedComplete(message.getId(), message.getQos());
                } catch (MqttException e) {
                    System.err.println("ack failed: " + e);
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                System.err.println("subscriber disconnected: " + response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                System.err.println("subscriber error: " + exception);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions subOptions = new MqttConnectionOptions();
        subOptions.setCleanStart(false);
        subOptions.setSessionExpiryInterval(300L);
        if (subscriberReceiveMax != null) {
            subOptions.setReceiveMaximum(subscriberReceiveMax);
        }
        if (noDelay) {
            subOptions.setSocketFactory(new NoDelaySocketFactory());
        }
        subscriber.connect(subOptions).waitForCompletion(10_000);
        subscriber.subscribe(topicRoot + "/#", 1).waitForCompletion(10_000);

        MqttAsyncClient publisher = new MqttAsyncClient(url, "bench-pub-" + topicRoot.hashCode(), new MemoryPersistence());
        MqttConnectionOptions pubOptions = new MqttConnectionOptions();
        pubOptions.setCleanStart(true);
        if (noDelay) {
            pubOptions.setSocketFactory(new NoDelaySocketFactory());
        }
        IMqttToken connack = publisher.connect(pubOptions);
        connack.waitForCompletion(10_000);
        Integer serverReceiveMax = connack.getResponseProperties() == null
                ? null : connack.getResponseProperties().getReceiveMaximum();
        int effectiveWindow = Math.min(window, serverReceiveMax == null ? 65_535 : serverReceiveMax);

        Semaphore inFlight = new Semaphore(effectiveWindow);
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch allAcked = new CountDownLatch(messages);
        MqttActionListener onAck = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                inFlight.release();
                allAcked.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                failures.incrementAndGet();
                inFlight.release();
                allAcked.countDown();
            }
        };
        long start = System.nanoTime();
        int retries = 0;
        for (int seq = 0; seq < messages; seq++) {
            byte[] payload = new byte[size];
            ByteBuffer.wrap(payload).putInt(seq);
            inFlight.acquire();
            while (true) {
                try {
                    publisher.publish(topicRoot + "/dev-" + (seq % 100), payload, 1, false, null, onAck);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MAX_INFLIGHT_REASON) {
                        throw e;
                    }
                    retries++;   // Paho frees its slot just after our listener ran; try again shortly
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                }
            }
        }
        boolean acked = allAcked.await(120, TimeUnit.SECONDS);
        long publishedNanos = System.nanoTime() - start;
        awaitDelivery(allReceived);
        int received = messages - (int) allReceived.getCount();
        long deliveredNanos = Math.max(1, lastReceiveNanos.get() - start);
        double rate = received / (deliveredNanos / 1e9);
        System.out.printf(Locale.ROOT,
                "%-8s delivered %d/%d (%d MISSING) in %d ms = %.0f msg/s; publisher acked %s in %d ms (window %d, "
                        + "server receive max %s, %d window retries, %d failures); duplicates %d%n",
                name, received, messages, messages - received, TimeUnit.NANOSECONDS.toMillis(deliveredNanos), rate,
                acked ? "all" : "NOT all", TimeUnit.NANOSECONDS.toMillis(publishedNanos), effectiveWindow,
                serverReceiveMax, retries, failures.get(), duplicates.get());

        publisher.disconnect().waitForCompletion(10_000);
        publisher.close();
        // end the persistent session so the broker does not keep it after the run
        subscriber.disconnect(10_000, null, null, 0, sessionExpiryZero()).waitForCompletion(10_000);
        subscriber.close();
        return rate;
    }

    /** Waits until every message arrived or nothing arrived for {@link #STALL_TIMEOUT_S} seconds. */
    private static void awaitDelivery(CountDownLatch allReceived) throws InterruptedException {
        long remaining = allReceived.getCount();
        int idleSeconds = 0;
        while (remaining > 0 && idleSeconds < STALL_TIMEOUT_S) {
            if (allReceived.await(1, TimeUnit.SECONDS)) {
                return;
            }
            long now = allReceived.getCount();
            idleSeconds = now == remaining ? idleSeconds + 1 : 0;
            remaining = now;
        }
    }

    private static MqttProperties sessionExpiryZero() {
        MqttProperties properties = new MqttProperties();
        properties.setSessionExpiryInterval(0L);
        return properties;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "; options start with --");
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            opts.put(key, flag ? "true" : args[++i]);
        }
        return opts;
    }
}
