package dev.telemetry.localstack.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HiveMqConfigTest {

    @Test
    void shouldRenderALoopbackListenerWithoutUsageStatistics() {
        String xml = HiveMqConfig.defaults().toXml(18830);

        assertThat(xml)
                .contains("<port>18830</port>")
                .contains("<bind-address>127.0.0.1</bind-address>")
                .contains("<anonymous-usage-statistics>\n        <enabled>false</enabled>")
                .contains("<mode>in-memory</mode>")
                .contains("<max-queue-size>1000000</max-queue-size>")
                .contains("<server-receive-maximum>1000</server-receive-maximum>");
    }

    @Test
    void shouldRenderFilePersistence() {
        assertThat(HiveMqConfig.defaults().withPersistence(HiveMqConfig.Persistence.FILE).toXml(1883))
                .contains("<mode>file</mode>");
    }

    @Test
    void shouldRejectValuesHiveMqWouldRefuse() {
        HiveMqConfig config = HiveMqConfig.defaults();

        assertThatThrownBy(() -> config.withServerReceiveMaximum(0)).hasMessageContaining("serverReceiveMaximum");
        assertThatThrownBy(() -> config.withServerReceiveMaximum(65_536)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> config.withMaxQueuedMessages(0)).hasMessageContaining("maxQueuedMessages");
        assertThatThrownBy(() -> config.withMaxInflightWindow(0)).hasMessageContaining("maxInflightWindow");
        assertThatThrownBy(() -> config.withPersistence(null)).hasMessageContaining("persistence");
    }
}
