package dev.telemetry.simulator.bench;

import dev.telemetry.net.NoDelaySocketFactory;
import dev.telemetry.simulator.mqtt.OnMessage;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A subscriber that does nothing but count: how fast the broker delivers the benchmark's messages
 * to one more QoS 1 subscriber, next to the gateway (the broker's fan-out ceiling in this run).
 */
final class BrokerProbe implements AutoCloseable {

    private final MqttAsyncClient client;
    private final LongAdder messages = new LongAdder();
    private final String devicePrefix;

    private BrokerProbe(MqttAsyncClient client, String devicePrefix) {
        this.client = client;
        this.devicePrefix = devicePrefix;
    }

    static BrokerProbe start(String url, String topicPrefix, String devicePrefix) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, "bench-probe-" + System.nanoTime(), new MemoryPersistence());
        BrokerProbe probe = new BrokerProbe(client, devicePrefix);
        String prefix = topicPrefix + "/" + devicePrefix;
        client.setCallback(OnMessage.of((topic, message) -> {
            if (topic.startsWith(prefix)) {
                probe.messages.increment();
            }
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setReceiveMaximum(65_535);
        if (url.startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(topicPrefix + "/#", 1).waitForCompletion(10_000);
        return probe;
    }

    /** Messages of the benchmark's devices received so far. */
    long messages() {
        return messages.sum();
    }

    @Override
    public void close() {
        try {
            client.disconnect().waitForCompletion(5_000);
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to do
        }
    }
}
