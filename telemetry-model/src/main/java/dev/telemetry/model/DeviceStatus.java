package dev.telemetry.model;

/** Whether a device is currently sending data. */
public enum DeviceStatus {
    ONLINE,
    OFFLINE
}
