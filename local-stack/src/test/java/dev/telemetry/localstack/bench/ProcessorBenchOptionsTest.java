package dev.telemetry.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProcessorBenchOptionsTest {

    @Test
    void shouldSplitTheReadingsOverTheDevicesAsTheBacklogSendsThem() {
        // 2 full rounds of 7 devices x 3 metrics = 42, then 10 more: devices 0..2 send 3, device 3 sends 1
        ProcessorBenchOptions o = ProcessorBenchOptions.parse("--readings", "52", "--devices", "7", "--metrics", "3");

        assertThat(IntStream.range(0, 7).mapToLong(o::readingsOf).sum()).isEqualTo(52);
        assertThat(IntStream.range(0, 7).mapToLong(o::readingsOf).toArray()).containsExactly(9, 9, 9, 7, 6, 6, 6);
    }

    @Test
    void shouldHaveTheDefaultsTheDocumentationNames() {
        ProcessorBenchOptions o = ProcessorBenchOptions.parse();

        assertThat(o.readings()).isEqualTo(2_000_000);
        assertThat(o.devices()).isEqualTo(100_000);
        assertThat(o.processorHeap()).isEqualTo("512m");
        assertThat(o.queries()).isEqualTo(100_000);
        assertThat(o.verifyDevices()).isEqualTo(1000);
    }

    @Test
    void shouldReplicateAcrossThreeBrokersOnlyWhenAsked() {
        assertThat(ProcessorBenchOptions.parse().brokers()).isEqualTo(1);
        assertThat(ProcessorBenchOptions.parse().replicationFactor()).isEqualTo((short) 1);
        assertThat(ProcessorBenchOptions.parse("--brokers", "3").replicationFactor()).isEqualTo((short) 3);
        assertThatThrownBy(() -> ProcessorBenchOptions.parse("--brokers", "2"))
                .hasMessageContaining("--brokers must be 1 or 3, got 2");
    }

    @Test
    void shouldRefuseTooFewReadingsForEveryDeviceAndUnknownOptions() {
        assertThatThrownBy(() -> ProcessorBenchOptions.parse("--readings", "100", "--devices", "50"))
                .hasMessageContaining("--readings must be at least --devices x --metrics (150)");
        assertThatThrownBy(() -> ProcessorBenchOptions.parse("--reading", "100"))
                .hasMessageContaining("unknown options [reading]");
        assertThatThrownBy(() -> ProcessorBenchOptions.parse("--processor", "num.stream.threads"))
                .hasMessageContaining("--processor takes key=value");
    }
}
