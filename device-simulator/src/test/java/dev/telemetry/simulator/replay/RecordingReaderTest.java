package dev.telemetry.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.telemetry.simulator.fault.Outgoing;
import dev.telemetry.simulator.record.MessageRecorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingReaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryMessageByteForByteInSendingOrderSkippingEvents() throws Exception {
        // GIVEN a recording whose JSON payload has formatting a re-serialization would change
        String json = "{\"deviceId\":\"sim-00001\",\"ts\":1718000000000,\"seq\":0,\"temperature\":1.0E10,"
                + "\"n\":{\"b\":2, \"a\":1}}";
        byte[] cbor = {(byte) 0x9f, 0x00, (byte) 0xff, 0x10};
        Path file = dir.resolve("sent.jsonl");
        try (MessageRecorder recorder = MessageRecorder.open(file)) {
            long now = System.nanoTime(); // after opening: times before it would all be 0
            // acknowledged out of sending order (two connections): the later send is recorded first
            recorder.record("sensors/sim-00002", new Outgoing(null, cbor, "application/senml+cbor", false, 3,
                    List.of(), List.of(), null, null), 1, "application/senml+cbor", now + 5_000_000);
            recorder.recordEvent("CONNECTION_DROP", "c-0", now + 6_000_000);
            recorder.record("sensors/sim-00001", new Outgoing(null, json.getBytes(StandardCharsets.UTF_8),
                    null, true, 2, List.of(), List.of(), null, null), 1, "application/json", now + 1_000_000);
        }

        // WHEN it is read for replay
        List<ReplayItem> items = RecordingReader.read(file);

        // THEN the bytes, topics and content types are as sent, in sending order, without the event
        assertThat(RecordingReader.looksLikeRecording(file)).isTrue();
        assertThat(items).extracting(ReplayItem::topic).containsExactly("sensors/sim-00001", "sensors/sim-00002");
        Outgoing first = items.get(0).toOutgoing(null);
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(first.contentType()).isEqualTo("application/json");
        assertThat(first.json()).isTrue();
        Outgoing second = items.get(1).toOutgoing(123L); // event times of a recording are never changed
        assertThat(second.payload()).isEqualTo(cbor);
        assertThat(second.contentType()).isEqualTo("application/senml+cbor");
        assertThat(second.json()).isFalse();
        assertThat(items.get(1).sourceMillis() - items.get(0).sourceMillis()).isCloseTo(4.0, within(1e-6));
    }

    @Test
    void shouldNameTheLineThatIsNotARecordedMessage() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"topic\":\"a\",\"payload\":{}}\n{\"topic\":\"b\"}\n");

        assertThatThrownBy(() -> RecordingReader.read(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }
}
