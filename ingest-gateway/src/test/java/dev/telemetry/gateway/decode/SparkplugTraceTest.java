package dev.telemetry.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.telemetry.gateway.decode.DecodeException.Code;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real capture's metadata ({@code benthos-umh_pcap_patterns.csv}): sequence accounting over
 * edge node 702's 504 decodable messages, and topic validation over all 522.
 */
class SparkplugTraceTest {

    private record Row(String topic, String edgeNode, String seq, String payloadTimestamp) {
    }

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SparkplugTraceTest.class.getResourceAsStream("/sparkplug/benthos-umh_pcap_patterns.csv"),
                StandardCharsets.UTF_8))) {
            boolean header = true;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.strip().split(",", -1);
                rows.add(new Row(f[2], f[5], f[7], f[8]));
            }
        }
        return rows;
    }

    @Test
    void shouldCountTheGapsAndWrapsOfTheCapturedSession() throws Exception {
        SparkplugSession session = new SparkplugSession();
        int messages = 0;
        int wraps = 0;
        int previous = -1;
        for (Row r : rows()) {
            if (!r.edgeNode().equals("702") || r.payloadTimestamp().isEmpty()) {
                continue; // another node, or a frame the capture could not decode
            }
            int seq = r.seq().isEmpty() ? 0 : Integer.parseInt(r.seq());
            session.accountSeq(seq);
            wraps += previous > seq ? 1 : 0;
            previous = seq;
            messages++;
        }

        assertThat(messages).isEqualTo(504);
        assertThat(wraps).isEqualTo(2);
        // 489 steps of +1, 12 of +2 and 2 of +3: 14 gaps, 16 numbers missing, nothing out of order
        assertThat(session.seq.gaps).isEqualTo(14);
        assertThat(session.seq.missing).isEqualTo(16);
        assertThat(session.seq.outOfOrder).isZero();
    }

    @Test
    void shouldRejectTheCapturedNodeMessagesThatHaveADeviceLevel() throws Exception {
        int rejected = 0;
        int accepted = 0;
        for (Row r : rows()) {
            DecodeException e = catchThrowableOfType(DecodeException.class, () -> SparkplugTopic.parse(r.topic()));
            if (e == null) {
                accepted++;
            } else {
                assertThat(e.code()).isEqualTo(Code.INVALID_SPARKPLUG_TOPIC);
                assertThat(r.topic()).matches("spBv1\\.0/org_A/NDATA/node_\\d+/device_2");
                rejected++;
            }
        }

        assertThat(rejected).isEqualTo(10);
        assertThat(accepted).isEqualTo(512);
    }
}
