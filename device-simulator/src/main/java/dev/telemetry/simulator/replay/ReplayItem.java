package dev.telemetry.simulator.replay;

import dev.telemetry.simulator.fault.Outgoing;

/** One message to replay: when it was sent originally, and what to send. */
public interface ReplayItem {

    /**
     * Its original time in milliseconds, on the source's own scale (epoch for a dataset, since the
     * start of the recording for a recording): only differences between items matter.
     */
    double sourceMillis();

    /** Its MQTT topic. */
    String topic();

    /**
     * The message to publish.
     *
     * @param eventTimeMillis the event time to put into the payload, or null to keep the original
     */
    Outgoing toOutgoing(Long eventTimeMillis);
}
