package dev.telemetry.gateway.app;

import dev.telemetry.config.ConfigException;

/** Checks {@code mqtt.topic-filter} the way an MQTT 5 broker would, so mistakes fail at start-up. */
final class TopicFilters {

    private static final String SHARE = "$share/";

    private TopicFilters() {
    }

    static void validate(String filter) {
        validate(filter, "mqtt.topic-filter");
    }

    static void validate(String filter, String key) {
        if (filter == null || filter.isEmpty()) {
            throw invalid(key, filter, "must not be empty");
        }
        String f = filter;
        if (f.startsWith(SHARE)) {
            int slash = f.indexOf('/', SHARE.length());
            String group = slash < 0 ? "" : f.substring(SHARE.length(), slash);
            if (group.isEmpty() || group.contains("+") || group.contains("#")) {
                throw invalid(key, filter, "a shared subscription is $share/<group>/<filter> with a group name"
                        + " without wildcards");
            }
            f = f.substring(slash + 1);
            if (f.isEmpty()) {
                throw invalid(key, filter, "the shared subscription has no topic filter after the group");
            }
        }
        String[] levels = f.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw invalid(key, filter, "'#' must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw invalid(key, filter, "'+' must be a whole level");
            }
        }
    }

    private static ConfigException invalid(String key, String filter, String why) {
        return new ConfigException(key + " '" + filter + "' is invalid: " + why);
    }
}
