package dev.telemetry.gateway.decode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An MQTT topic pattern with named placeholders, such as {@code sensors/{deviceId}/{metric}}.
 *
 * <p>Rules: levels are separated by {@code /}. A level is either a literal, which must equal the
 * topic level exactly (case-sensitive), or a whole placeholder {@code {name}}, which matches
 * exactly one topic level (possibly an empty one; the decoders then reject the empty name). A
 * topic matches only when it has the same number of levels. MQTT wildcards ({@code +}, {@code #})
 * are not allowed in templates: a template describes topics, the subscription filter selects them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TopicTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    private final String template;
    /** Per level: the literal text, or null for a placeholder. */
    private final List<String> literals;
    /** Per level: the placeholder name, or null for a literal. */
    private final List<String> names;

    private TopicTemplate(String template, List<String> literals, List<String> names) {
        this.template = template;
        this.literals = literals;
        this.names = names;
    }

    /**
     * Parses and validates a template.
     *
     * @throws IllegalArgumentException naming the problem, e.g. a wildcard or a partial placeholder
     */
    public static TopicTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("topic template must not be empty");
        }
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String[] levels = template.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("+") || level.contains("#")) {
                throw new IllegalArgumentException("topic template '" + template + "' contains an MQTT wildcard in level "
                        + (i + 1) + " ('" + level + "'); use a {placeholder} instead");
            }
            Matcher m = PLACEHOLDER.matcher(level);
            if (m.matches()) {
                String name = m.group(1);
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("topic template '" + template + "' uses {" + name + "} twice");
                }
                literals.add(null);
                names.add(name);
            } else if (level.contains("{") || level.contains("}")) {
                throw new IllegalArgumentException("topic template '" + template + "': level '" + level
                        + "' must be either a literal or one whole placeholder like {deviceId}"
                        + " (names start with a letter, then letters, digits or _)");
            } else {
                literals.add(level);
                names.add(null);
            }
        }
        // positional lists hold nulls, so List.copyOf (which rejects nulls) cannot be used
        return new TopicTemplate(template, Collections.unmodifiableList(literals), Collections.unmodifiableList(names));
    }

    /**
     * The placeholder values of {@code topic}, or a {@code TOPIC_MISMATCH} rejection naming the topic
     * and this template.
     */
    public Map<String, String> matchOrReject(String topic) throws DecodeException {
        return match(topic).orElseThrow(() -> new DecodeException(DecodeException.Code.TOPIC_MISMATCH,
                "topic " + Values.quote(topic) + " does not match " + this));
    }

    /**
     * Matches a concrete MQTT topic (as received, never a filter).
     *
     * @return the placeholder values by name, in template order, or empty when the topic does not match
     */
    public Optional<Map<String, String>> match(String mqttTopic) {
        if (mqttTopic == null) {
            return Optional.empty();
        }
        String[] levels = mqttTopic.split("/", -1);
        if (levels.length != literals.size()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < levels.length; i++) {
            String literal = literals.get(i);
            if (literal == null) {
                values.put(names.get(i), levels[i]);
            } else if (!literal.equals(levels[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(Collections.unmodifiableMap(values));
    }

    /** True when the template has the placeholder {@code {name}}. */
    public boolean has(String name) {
        return names.contains(name);
    }

    /** The placeholder names in template order. */
    public Set<String> placeholders() {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (n != null) {
                out.add(n);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** True when some topic would match both templates (same level count, no conflicting literal). */
    public boolean overlaps(TopicTemplate other) {
        if (literals.size() != other.literals.size()) {
            return false;
        }
        for (int i = 0; i < literals.size(); i++) {
            String a = literals.get(i);
            String b = other.literals.get(i);
            if (a != null && b != null && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    /** The template text as configured. */
    @Override
    public String toString() {
        return template;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicTemplate t && t.template.equals(template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }
}
