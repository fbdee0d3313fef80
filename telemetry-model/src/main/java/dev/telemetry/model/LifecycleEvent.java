package dev.telemetry.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A change in a device's (or an edge node's) session, published on {@link Topics#LIFECYCLE} keyed
 * by {@code deviceId}: Sparkplug B birth and death certificates, MQTT status / last-will topics.
 *
 * @param deviceId   canonical id, same alphabet as {@link Reading#deviceId()}; for Sparkplug B
 *                   {@code <group>/<edge node>} or {@code <group>/<edge node>/<device>}
 * @param type       what happened
 * @param eventTime  epoch milliseconds UTC when it happened (the payload's timestamp, else receipt time)
 * @param timeSource whether eventTime came from the device or from the gateway's clock
 * @param receivedAt epoch milliseconds when the gateway received the MQTT message
 * @param session    the session number when the protocol has one (Sparkplug B {@code bdSeq}), else null
 * @param reason     why, in words, e.g. {@code NDEATH} or {@code NDEATH of the edge node}; may be null
 * @param source     where the event came from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleEvent(
        String deviceId,
        Type type,
        long eventTime,
        TimeSource timeSource,
        long receivedAt,
        Long session,
        String reason,
        Source source) {

    /** The kinds of lifecycle events. */
    public enum Type {
        /** A session began and the device announced its metrics (Sparkplug NBIRTH / DBIRTH). */
        BIRTH,
        /** A session ended (Sparkplug NDEATH / DDEATH, also implied for devices by their node's NDEATH). */
        DEATH,
        /** A status topic says the device is online. */
        ONLINE,
        /** A status topic or a last will says the device is offline. */
        OFFLINE
    }

    public LifecycleEvent {
        if (!Reading.isValidName(deviceId)) {
            throw new IllegalArgumentException("deviceId must be 1..200 characters of [A-Za-z0-9._:/-], got '"
                    + deviceId + "'");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(source, "source");
    }
}
