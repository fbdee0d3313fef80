package dev.telemetry.gateway.decode;

import dev.telemetry.gateway.decode.DecodeException.Code;
import java.util.regex.Pattern;

/**
 * A Sparkplug B topic: {@code spBv1.0/<group>/<type>/<edge node>} for node messages,
 * {@code spBv1.0/<group>/<type>/<edge node>/<device>} for device messages, and
 * {@code spBv1.0/STATE/<host>} for host application state.
 *
 * @param device the device, or null for node messages and STATE
 */
record SparkplugTopic(String group, Type type, String edgeNode, String device) {

    /** The namespace of Sparkplug B version 1.0 topics. */
    static final String NAMESPACE = "spBv1.0";

    /** Characters a canonical name cannot hold become {@code _}. */
    private static final Pattern NOT_NAME = Pattern.compile("[^A-Za-z0-9._:-]");

    enum Type {
        NBIRTH(false), NDEATH(false), NDATA(false), NCMD(false),
        DBIRTH(true), DDEATH(true), DDATA(true), DCMD(true), STATE(false);

        final boolean deviceLevel;

        Type(boolean deviceLevel) {
            this.deviceLevel = deviceLevel;
        }
    }

    static boolean isSparkplug(String mqttTopic) {
        return mqttTopic != null && mqttTopic.startsWith(NAMESPACE + "/");
    }

    static SparkplugTopic parse(String mqttTopic) throws DecodeException {
        if (!isSparkplug(mqttTopic)) {
            throw invalid(mqttTopic, "it does not start with " + NAMESPACE + "/");
        }
        String[] levels = mqttTopic.split("/", -1);
        if (levels.length == 3 && levels[1].equals("STATE")) {
            return new SparkplugTopic(null, Type.STATE, null, null);
        }
        if (levels.length < 4 || levels.length > 5) {
            throw invalid(mqttTopic, "it has " + levels.length + " levels, not 4 (node) or 5 (device)");
        }
        Type type;
        try {
            type = Type.valueOf(levels[2]);
        } catch (IllegalArgumentException e) {
            throw invalid(mqttTopic, "'" + levels[2] + "' is not a message type (NBIRTH, NDATA, DDATA, ...)");
        }
        if (type == Type.STATE || type.deviceLevel != (levels.length == 5)) {
            throw invalid(mqttTopic, type + (type.deviceLevel ? " needs" : " must not have") + " a device level");
        }
        for (int i = 1; i < levels.length; i++) {
            if (levels[i].isEmpty()) {
                throw invalid(mqttTopic, "level " + (i + 1) + " is empty");
            }
        }
        return new SparkplugTopic(levels[1], type, levels[3], levels.length == 5 ? levels[4] : null);
    }

    /** The key of the edge node's session: group and edge node, exactly as in the topic. */
    String nodeKey() {
        return group + "/" + edgeNode;
    }

    /** The canonical id of the edge node: {@code <group>/<edge node>}, other characters as {@code _}. */
    String nodeId() {
        return name(group) + "/" + name(edgeNode);
    }

    /** The canonical id of the device: {@code <group>/<edge node>/<device>}. */
    String deviceId() {
        return nodeId() + "/" + name(device);
    }

    /** The canonical id of whatever sent the message: the device, or the edge node. */
    String senderId() {
        return device == null ? nodeId() : deviceId();
    }

    /** A canonical name for a topic level or metric name: characters outside the alphabet become {@code _}. */
    static String name(String raw) {
        return NOT_NAME.matcher(raw).replaceAll("_");
    }

    private static DecodeException invalid(String topic, String why) {
        return new DecodeException(Code.INVALID_SPARKPLUG_TOPIC, "topic " + Values.quote(topic)
                + " is not a Sparkplug B topic: " + why);
    }
}
