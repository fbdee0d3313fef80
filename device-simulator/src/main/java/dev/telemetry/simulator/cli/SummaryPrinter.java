package dev.telemetry.simulator.cli;

import dev.telemetry.simulator.Simulator;
import dev.telemetry.simulator.Summary;
import dev.telemetry.simulator.rate.RatePlan;
import java.io.PrintWriter;
import java.util.Locale;

/** The final report: a readable block, then the one machine-readable {@code summary:} line. */
public final class SummaryPrinter {

    private SummaryPrinter() {
    }

    public static void print(PrintWriter out, Simulator simulator) {
        Summary s = simulator.summary();
        RatePlan plan = simulator.plan();
        out.printf(Locale.ROOT, "device-simulator: %d devices, target %.1f readings/s (%.1f messages/s), seed %d%n",
                plan.devices(), plan.readingsPerSecond(), plan.messagesPerSecond(), simulator.config().seed());
        out.printf(Locale.ROOT, "  messages sent  %d%n", s.messages());
        out.printf(Locale.ROOT, "  readings sent  %d%n", s.readings());
        out.printf(Locale.ROOT, "  errors         %d%n", s.errors());
        out.printf(Locale.ROOT, "  duration       %.3f s%n", s.elapsed().toNanos() / 1e9);
        out.printf(Locale.ROOT, "  achieved rate  %.1f readings/s (%.1f messages/s)%n", s.readingsPerSecond(),
                s.messagesPerSecond());
        if (simulator.lagResets() > 0) {
            out.printf(Locale.ROOT, "  fell behind    %d times by more than 1 s (broker or client too slow)%n",
                    simulator.lagResets());
        }
        if (!simulator.faultsInjected().isEmpty()) {
            out.printf(Locale.ROOT, "  faults         %s%n", simulator.faultsInjected());
        }
        if (simulator.config().connectionDrops() > 0 || simulator.reconnects() > 0) {
            out.printf(Locale.ROOT, "  connections    %d dropped (injected), %d scheduled drops skipped while down,"
                    + " %d reconnects%n", simulator.connectionDrops(), simulator.connectionDropsSkipped(),
                    simulator.reconnects());
            out.println(s.toLine() + " drops=" + simulator.connectionDrops() + " reconnects=" + simulator.reconnects());
        } else {
            out.println(s.toLine());
        }
        out.flush();
    }
}
