package dev.telemetry.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.telemetry.simulator.fault.FaultConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cmd = SimulatorMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private static SimulatorConfig parse(String... args) {
        CommandLine cmd = SimulatorMain.commandLine();
        cmd.parseArgs(args);
        SimulatorMain main = cmd.getCommand();
        return main.toConfig();
    }

    @Test
    void shouldExitWithTwoAndAClearMessageForAZeroRate() {
        int exitCode = execute("--rate", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--rate").contains("positive").contains("--help");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldExitWithTwoForOtherInvalidOptions() {
        assertThat(execute("--qos", "3")).isEqualTo(2);
        assertThat(execute("--duration", "soon")).isEqualTo(2);
        assertThat(execute("--count", "0")).isEqualTo(2);
        assertThat(execute("--devices", "-1")).isEqualTo(2);
        assertThat(execute("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration").contains("--count must be at least 1");
    }

    @Test
    void shouldPrintUsageExplainingReadingsVersusMessages() {
        int exitCode = execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("Usage: device-simulator")
                .contains("A reading is one metric value")
                .contains("R/3 messages/s")
                .contains("--mqtt-url")
                .contains("summary: messages=");
    }

    @Test
    void shouldParseEveryOptionIntoTheConfig() {
        SimulatorConfig cfg = parse("--devices", "500", "--rate", "5000", "--duration", "5m", "--count", "900",
                "--mqtt-url", "tcp://broker:1884", "--qos", "0", "--topic-prefix", "plant/a", "--device-prefix", "d-",
                "--connections", "4", "--seed", "42", "--username", "u", "--password", "p", "--max-in-flight", "50",
                "--record", "out.jsonl");

        assertThat(cfg.devices()).isEqualTo(500);
        assertThat(cfg.readingsPerSecond()).isEqualTo(5000.0);
        assertThat(cfg.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cfg.count()).isEqualTo(900);
        assertThat(cfg.mqttUrl()).isEqualTo("tcp://broker:1884");
        assertThat(cfg.qos()).isZero();
        assertThat(cfg.topicPrefix()).isEqualTo("plant/a");
        assertThat(cfg.deviceId(0)).isEqualTo("d-00001");
        assertThat(cfg.connections()).isEqualTo(4);
        assertThat(cfg.seed()).isEqualTo(42L);
        assertThat(cfg.username()).isEqualTo("u");
        assertThat(cfg.password()).isEqualTo("p");
        assertThat(cfg.maxInFlight()).isEqualTo(50);
        assertThat(cfg.recordFile()).isEqualTo(Path.of("out.jsonl"));
    }

    @Test
    void shouldInjectNoFaultsByDefaultAndParseEveryFaultOption() {
        assertThat(parse().faults()).isEqualTo(FaultConfig.NONE);

        FaultConfig f = parse("--duplicates", "0.01", "--reorder", "0.02", "--reorder-max-ticks", "5", "--late", "0.03",
                "--late-by", "20m", "--skewed-devices", "0.1", "--max-skew", "5s", "--malformed", "0.04",
                "--oversized", "0.005", "--oversized-bytes", "500000", "--spikes", "0.06", "--spike-factor", "-3")
                .faults();

        assertThat(f).isEqualTo(new FaultConfig(0.01, 0.02, 5, 0.03, Duration.ofMinutes(20), 0.1,
                Duration.ofSeconds(5), 0.04, 0.005, 500_000, 0.06, -3));
        assertThat(execute("--malformed", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--malformed must be a rate between 0 and 1");
    }

    @Test
    void shouldRunUntilStoppedWhenNeitherDurationNorCountIsGiven() {
        SimulatorConfig cfg = parse("--seed", "1");

        assertThat(cfg.duration()).isNull();
        assertThat(cfg.count()).isZero();
        assertThat(cfg.devices()).isEqualTo(100);
        assertThat(cfg.readingsPerSecond()).isEqualTo(1000.0);
    }

    @Test
    void shouldAcceptShortAndIsoDurations() {
        assertThat(parse("--duration", "30s").duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("--duration", "500ms").duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("--duration", "PT1H").duration()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldReportValidationErrorsAsParameterExceptions() {
        assertThatThrownBy(() -> parse("--connections", "5", "--devices", "2"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--connections");
    }

    @Test
    void shouldParseTheMqttVersionAndConnectionDrops() {
        SimulatorConfig defaults = parse();
        assertThat(defaults.mqttVersion()).isEqualTo(5);
        assertThat(defaults.connectionDrops()).isZero();

        SimulatorConfig cfg = parse("--mqtt-version", "3", "--connection-drops", "2.5");

        assertThat(cfg.mqttVersion()).isEqualTo(3);
        assertThat(cfg.connectionDrops()).isEqualTo(2.5);
    }

    @Test
    void shouldRefuseCombinationsMqtt311OrDropsCannotServeNamingTheOptions() {
        assertThat(execute("--mqtt-version", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("--mqtt-version").contains("3 or 5");

        assertThat(execute("--mqtt-version", "3", "--format", "mixed")).isEqualTo(2);
        assertThat(err.toString()).contains("mixed").contains("content type");

        assertThat(execute("--connection-drops", "1", "--mqtt-url", "ssl://broker:8883")).isEqualTo(2);
        assertThat(err.toString()).contains("--connection-drops").contains("tcp://");

        assertThat(execute("--connection-drops", "-1")).isEqualTo(2);
    }

    @Test
    void shouldParseAReplayOfANabCsvIntoItsColumnMapping() throws Exception {
        Path csv = Path.of(SimulatorMainTest.class.getResource("/replay/nab-machine-temperature-head.csv").toURI());
        CommandLine cmd = SimulatorMain.commandLine();
        CommandLine.ParseResult parsed = cmd.parseArgs("replay", csv.toString(), "--device-id", "nab",
                "--time-column", "timestamp", "--time-format", "yyyy-MM-dd HH:mm:ss", "--value-column", "value",
                "--metric", "temperature", "--speed", "max", "--mqtt-version", "3");
        dev.telemetry.simulator.replay.ReplayCommand replay = parsed.subcommand().commandSpec().commandLine()
                .getCommand();

        dev.telemetry.simulator.replay.ReplayConfig cfg = replay.toConfig();

        assertThat(cfg.isRecording()).isFalse();
        assertThat(cfg.speed()).isInfinite();
        assertThat(cfg.mqttVersion()).isEqualTo(3);
        assertThat(cfg.mapping().metrics()).containsExactly(java.util.Map.entry("value", "temperature"));
        assertThat(cfg.mapping().deviceId()).isEqualTo("nab");
    }

    @Test
    void shouldRejectAnInvalidReplaySpeedWithExitCodeTwo() throws Exception {
        Path csv = Path.of(SimulatorMainTest.class.getResource("/replay/nab-machine-temperature-head.csv").toURI());

        assertThat(execute("replay", csv.toString(), "--device-id", "nab", "--time-column", "timestamp",
                "--value-column", "value", "--metric", "t2", "--speed", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--speed");
    }
}
