package dev.telemetry.localstack.guarantees;

import dev.telemetry.localstack.fixtures.GatewayProcess;
import dev.telemetry.localstack.fixtures.MosquittoProcess;
import dev.telemetry.localstack.kafka.EmbeddedKafka;
import dev.telemetry.localstack.support.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 2: Kafka is shut down for 30 s (connections refused) and started again on the same port and
 * data directory: no loss, the gateway stops acknowledging, its heap stays bounded, it resumes by itself.
 */
@Timeout(300)
class KafkaRefusesConnectionsIT {

    private EmbeddedKafka kafka;

    @Test
    void shouldLoseNothingAndResumeWhenKafkaRefusesConnectionsFor30Seconds(@TempDir Path dir) throws Exception {
        Path kafkaDir = Files.createDirectories(dir.resolve("kafka"));
        int port = Ports.freePort();
        kafka = EmbeddedKafka.start(port, kafkaDir, Map.of());
        try (MosquittoProcess mosquitto = MosquittoProcess.start();
                GatewayProcess gateway = KafkaOutage.startGateway("refused", mosquitto, kafka.bootstrapServers(),
                        dir)) {
            KafkaOutage.run("KafkaRefusesConnectionsIT", mosquitto, gateway, kafka.bootstrapServers(),
                    new KafkaOutage.Fault() {
                        @Override
                        public void begin() {
                            kafka.close();
                        }

                        @Override
                        public void end() {
                            kafka = EmbeddedKafka.start(port, kafkaDir, Map.of());
                        }
                    });
        } finally {
            kafka.close();
        }
    }
}
