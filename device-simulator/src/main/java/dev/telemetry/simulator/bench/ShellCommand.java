package dev.telemetry.simulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one of the outage scenario's commands ({@code --outage-start-command}, {@code --outage-end-command})
 * with {@code sh -c} and waits for it: e.g. {@code docker compose pause kafka-1}, or {@code touch FILE}
 * for the local stack's Kafka proxy (see {@code scripts/bench-outage}).
 */
final class ShellCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ShellCommand.class);

    private ShellCommand() {
    }

    /**
     * Runs {@code command} and returns once it exited 0.
     *
     * @throws IOException when it cannot be started, exits non-zero (its output is in the message) or
     *                     runs longer than {@code timeout} (it is then killed)
     */
    static void run(String option, String command, Duration timeout) throws IOException, InterruptedException {
        LOG.info("{}: running {}", option, command);
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(option + " '" + command + "' did not finish within " + timeout.toSeconds()
                    + " s; killed it");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException(option + " '" + command + "' exited with " + p.exitValue()
                    + (output.isEmpty() ? "" : ": " + output));
        }
        if (!output.isEmpty()) {
            LOG.info("{}: {}", option, output);
        }
    }
}
