package dev.telemetry.localstack.guarantees;

import dev.telemetry.simulator.mqtt.OnMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Watches Mosquitto's {@code $SYS/broker/store/messages/count} (messages the broker holds: queued or
 * in flight to a subscriber and not yet acknowledged by it), published every {@code sys_interval}
 * (1 s in {@code MosquittoProcess}). Each sample is stored with a reading of a counter taken when it
 * arrived (e.g. how many messages publishers had got PUBACKs for by then).
 */
final class BrokerStore implements AutoCloseable {

    static final String TOPIC = "$SYS/broker/store/messages/count";

    /** One sample: the broker's count and the counter at the moment it arrived. */
    record Sample(long atNanos, long storedMessages, long counter) {
    }

    private final MqttAsyncClient client;
    private final List<Sample> samples = new ArrayList<>();

    private BrokerStore(MqttAsyncClient client) {
        this.client = client;
    }

    static BrokerStore watch(String url, LongSupplier counter) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, "store-watch-" + System.nanoTime(), new MemoryPersistence());
        BrokerStore store = new BrokerStore(client);
        client.setCallback(OnMessage.of((topic, message) -> {
            long value = Long.parseLong(new String(message.getPayload(), StandardCharsets.UTF_8).trim());
            Sample s = new Sample(System.nanoTime(), value, counter.getAsLong());
            synchronized (store.samples) {
                store.samples.add(s);
            }
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
        IMqttToken sub = client.subscribe(TOPIC, 0);
        sub.waitForCompletion(10_000);
        return store;
    }

    /** Samples that arrived between the two instants (System.nanoTime). */
    List<Sample> between(long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.atNanos() - fromNanos >= 0 && toNanos - s.atNanos() >= 0).toList();
        }
    }

    int sampleCount() {
        synchronized (samples) {
            return samples.size();
        }
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(0, 1000, false);
            client.close(true);
        } catch (MqttException e) {
            // best effort at the end of a test
        }
    }
}
