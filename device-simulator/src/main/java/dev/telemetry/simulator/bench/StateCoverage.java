package dev.telemetry.simulator.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * When each published reading became visible in the device state. The processor publishes the newest state of a
 * device once per commit, so a reading superseded within a commit by a newer one of the same metric never shows
 * as the metric's value; it is in the state once a state record shows its metric at its event time or later. So
 * per (device, metric) this keeps the newest event time the state has shown and the readings still waiting for
 * it. Readings and states come from two topics and either may be seen first. Not thread-safe.
 */
final class StateCoverage {

    /** Told about each reading as it becomes visible: its event time and when the state showed it. */
    interface Visible {
        void at(long eventTime, long seenAt);
    }

    private static final class Series {
        long shownUpTo = Long.MIN_VALUE;
        long shownAt;
        final PriorityQueue<Long> waiting = new PriorityQueue<>();
    }

    private final Map<String, Series> series = new HashMap<>();
    private final Visible visible;

    StateCoverage(Visible visible) {
        this.visible = visible;
    }

    /** A reading of {@code device}'s {@code metric} read from the readings topic at {@code now} (each once). */
    void reading(String device, String metric, long eventTime, long now) {
        Series s = series.computeIfAbsent(device + '|' + metric, k -> new Series());
        if (eventTime <= s.shownUpTo) {
            visible.at(eventTime, s.shownAt); // the state showed it before the reading reached this probe
        } else {
            s.waiting.add(eventTime);
        }
    }

    /** A state record showing {@code device}'s {@code metric} at {@code eventTime}, read at {@code now}. */
    void state(String device, String metric, long eventTime, long now) {
        Series s = series.computeIfAbsent(device + '|' + metric, k -> new Series());
        if (eventTime <= s.shownUpTo) {
            return;
        }
        s.shownUpTo = eventTime;
        s.shownAt = now;
        while (!s.waiting.isEmpty() && s.waiting.peek() <= eventTime) {
            visible.at(s.waiting.poll(), now);
        }
    }
}
