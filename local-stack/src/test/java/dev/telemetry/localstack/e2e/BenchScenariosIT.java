package dev.telemetry.localstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telemetry.localstack.LocalStack;
import dev.telemetry.localstack.LocalStackOptions;
import dev.telemetry.model.Json;
import dev.telemetry.simulator.SimulatorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The benchmark's alert and outage scenarios in miniature against the local stack, started with a Kafka
 * outage file (Kafka's clients go through a proxy that hangs while the file exists): one spike must be
 * measured as one alert, and a 5 s outage must lose nothing and end with a measured recovery time.
 * Figures are not checked (no timing assertions); that they were measured is.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchScenariosIT {

    @TempDir
    static Path tmp;
    private static LocalStack stack;
    private static Path outageFile;

    @BeforeAll
    static void startStack() throws Exception {
        outageFile = tmp.resolve("kafka-outage");
        stack = LocalStack.start(new LocalStackOptions(0, 0, 0, tmp.resolve("data"), false, 1, 1, null, outageFile));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(90)
    void shouldMeasureTheLatencyOfAnInjectedSpikeToItsAlert() throws Exception {
        Path out = tmp.resolve("alerts");

        int code = bench("--scenario", "alerts", "--devices", "10", "--rate", "150", "--duration", "15s",
                "--warmup", "3s", "--alerts", "1", "--alert-timeout", "30s", "--drain", "40s", "--api-url",
                stack.apiBase(), "--output", out.toString());

        JsonNode result = Json.mapper().readTree(Files.readString(out.resolve("result.json")));
        JsonNode alerts = result.path("scenarioResults");
        assertThat(alerts.path("spikes").asInt()).isEqualTo(1);
        assertThat(alerts.path("raised").asInt()).as("alerts raised").isEqualTo(1);
        assertThat(alerts.path("missed").asInt()).isZero();
        assertThat(alerts.path("alertLatencyMs").path("p50").isNumber()).as("alert latency measured").isTrue();
        assertThat(result.path("counts").path("lost").asLong()).isZero();
        assertThat(code).as("exit code").isZero();
        assertThat(Files.readString(out.resolve("report.html"))).contains("alertLatencyMs");
    }

    @Test
    @Order(2)
    @Timeout(120)
    void shouldLoseNothingAcrossAKafkaOutageAndMeasureTheRecovery() throws Exception {
        Path out = tmp.resolve("outage");

        int code = bench("--scenario", "outage", "--devices", "10", "--rate", "150", "--duration", "25s",
                "--warmup", "3s", "--outage-after", "8s", "--outage-for", "5s", "--drain", "60s",
                "--outage-start-command", "touch '" + outageFile + "'",
                "--outage-end-command", "rm -f '" + outageFile + "'", "--output", out.toString());

        JsonNode result = Json.mapper().readTree(Files.readString(out.resolve("result.json")));
        JsonNode counts = result.path("counts");
        assertThat(counts.path("published").asLong()).as("published readings").isGreaterThan(1_000);
        assertThat(counts.path("lost").asLong()).as("lost readings").isZero();
        assertThat(counts.path("publishErrors").asLong()).isZero();
        JsonNode outage = result.path("scenarioResults");
        assertThat(outage.path("outageEndSecond").asDouble() - outage.path("outageStartSecond").asDouble())
                .as("outage length (s)").isGreaterThanOrEqualTo(5);
        assertThat(outage.path("gatewayRecoverySeconds").isNumber()).as("gateway recovery measured: " + outage)
                .isTrue();
        assertThat(outage.path("processorRecoverySeconds").isNumber()).as("processor recovery measured: " + outage)
                .isTrue();
        assertThat(code).as("exit code").isZero();
        assertThat(Files.exists(outageFile)).as("outage file removed").isFalse();
    }

    private static int bench(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = SimulatorMain.commandLine();
        cli.setOut(new PrintWriter(text));
        cli.setErr(new PrintWriter(text));
        String[] all = new String[args.length + 5];
        all[0] = "bench";
        all[1] = "--mqtt-url";
        all[2] = stack.mqttUrl();
        all[3] = "--kafka";
        all[4] = stack.kafkaBootstrapServers();
        System.arraycopy(args, 0, all, 5, args.length);
        int code = cli.execute(all);
        System.out.println("BenchScenariosIT: bench " + String.join(" ", args) + "\n" + text);
        return code;
    }
}
