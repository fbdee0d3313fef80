package dev.telemetry.localstack.guarantees;

import dev.telemetry.localstack.fixtures.GatewayProcess;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.kafka.EmbeddedKafka;
import dev.telemetry.localstack.support.Ports;
import dev.telemetry.localstack.support.TcpProxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 3: Kafka hangs for 30 s: every client connection goes through a {@link TcpProxy} (Kafka
 * advertises the proxy's port), which stops forwarding while keeping connections open and accepting
 * new ones. Same expectations as when Kafka refuses connections.
 */
@Timeout(300)
class KafkaHangsIT {

    @Test
    void shouldLoseNothingAndResumeWhenKafkaHangsFor30Seconds(@TempDir Path dir) throws Exception {
        int kafkaPort = Ports.freePort();
        try (TcpProxy proxy = TcpProxy.start(kafkaPort);
                EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort, null, Map.of(
                        "advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + proxy.port()));
                MosquittoProcess mosquitto = MosquittoProcess.start()) {
            String viaProxy = Ports.LOOPBACK + ":" + proxy.port();
            try (GatewayProcess gateway = KafkaOutage.startGateway("hung", mosquitto, viaProxy, dir)) {
                KafkaOutage.run("KafkaHangsIT", mosquitto, gateway, viaProxy, new KafkaOutage.Fault() {
                    @Override
                    public void begin() {
                        proxy.pause();
                    }

                    @Override
                    public void end() {
                        System.out.printf("KafkaHangsIT: %d connections held open through the proxy during the"
                                + " hang%n", proxy.connectionCount());
                        proxy.resume();
                    }
                });
            }
        }
    }
}
