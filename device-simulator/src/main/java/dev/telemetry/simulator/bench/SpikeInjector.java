package dev.telemetry.simulator.bench;

import dev.telemetry.net.NoDelaySocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes the alert scenario's anomalies: one reading far above the rule's threshold, each on its
 * own spike device ({@code <prefix>spike-001}, ...), at QoS 1, stamped with the wall clock at publish.
 * One device per spike makes every spike open its own episode, independent of whether the previous
 * one has resolved yet.
 */
final class SpikeInjector implements AutoCloseable {

    /** One injected anomaly: the device and its event time (= publish time, epoch ms). */
    record Spike(String deviceId, long publishedAt) {
    }

    private final MqttAsyncClient client;
    private final String topicPrefix;
    private final String devicePrefix;
    private final List<Spike> spikes = new ArrayList<>();

    private SpikeInjector(MqttAsyncClient client, String topicPrefix, String devicePrefix) {
        this.client = client;
        this.topicPrefix = topicPrefix;
        this.devicePrefix = devicePrefix;
    }

    static SpikeInjector connect(String url, String topicPrefix, String devicePrefix) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, devicePrefix + "spikes", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (url.startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        client.connect(options).waitForCompletion(10_000);
        return new SpikeInjector(client, topicPrefix, devicePrefix);
    }

    /** Publishes spike number {@code n} (1-based) of {@code metric} with {@code value} and waits for the broker's ack. */
    Spike inject(int n, String metric, double value) throws MqttException {
        String device = String.format(Locale.ROOT, "%sspike-%03d", devicePrefix, n);
        long now = System.currentTimeMillis();
        String json = String.format(Locale.ROOT, "{\"deviceId\":\"%s\",\"ts\":%d,\"seq\":0,\"%s\":%s}", device, now,
                metric, value);
        MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, false, null);
        client.publish(topicPrefix + "/" + device, message).waitForCompletion(10_000);
        Spike spike = new Spike(device, now);
        spikes.add(spike);
        return spike;
    }

    List<Spike> spikes() {
        return List.copyOf(spikes);
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
