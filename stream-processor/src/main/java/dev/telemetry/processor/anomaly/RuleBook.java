package dev.telemetry.processor.anomaly;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.telemetry.model.Json;
import dev.telemetry.model.Reading;
import dev.telemetry.model.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules as the detectors use them: parsed once, patterns compiled, indexed by metric. Immutable; a new book
 * is made from the raw rules store whenever it changes ({@link #load}), reusing what did not change.
 */
public final class RuleBook {

    private static final Logger log = LoggerFactory.getLogger(RuleBook.class);

    public static final RuleBook EMPTY = new RuleBook(Map.of());

    /**
     * One rule, ready to match.
     *
     * @param version a fingerprint of the whole rule: a changed rule has another version (CRC-32 of its JSON)
     * @param raw     the bytes it was parsed from, to skip parsing when they did not change
     */
    public record Entry(Rule rule, Pattern devices, Map<String, Pattern> tags, long version, byte[] raw) {

        static Entry of(Rule rule, byte[] raw) {
            Map<String, Pattern> tags = new HashMap<>();
            rule.tags().forEach((k, v) -> tags.put(k, glob(v)));
            return new Entry(rule, glob(rule.devices()), Map.copyOf(tags), fingerprint(rule), raw);
        }

        /** True when the rule watches {@code metric} of {@code deviceId} carrying {@code readingTags}. */
        public boolean matches(String deviceId, String metric, Map<String, String> readingTags) {
            if (!rule.enabled() || !rule.metric().equals(metric) || !devices.matcher(deviceId).matches()) {
                return false;
            }
            for (Map.Entry<String, Pattern> tag : tags.entrySet()) {
                String value = readingTags == null ? null : readingTags.get(tag.getKey());
                if (value == null || !tag.getValue().matcher(value).matches()) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<String, Entry> byId;
    private final Map<String, List<Entry>> byMetric;

    private RuleBook(Map<String, Entry> byId) {
        this.byId = Map.copyOf(byId);
        this.byMetric = byId.values().stream().filter(e -> e.rule().enabled())
                .collect(Collectors.groupingBy(e -> e.rule().metric()));
    }

    /** A book of these rules (tests, and rules already parsed). */
    public static RuleBook of(Collection<Rule> rules) {
        Map<String, Entry> byId = new HashMap<>();
        for (Rule r : rules) {
            byId.put(r.id(), Entry.of(r, null));
        }
        return new RuleBook(byId);
    }

    /**
     * A book of the raw rules (key rule id, value its JSON), reusing {@code previous}'s entries whose bytes did
     * not change. A value that is not a valid rule, or whose id differs from its key, is left out and logged
     * once: the API never writes one, but anyone can produce to the topic.
     */
    public static RuleBook load(Iterable<Map.Entry<String, byte[]>> raw, RuleBook previous, Set<String> reported) {
        Map<String, Entry> byId = new HashMap<>();
        for (Map.Entry<String, byte[]> kv : raw) {
            String id = kv.getKey();
            byte[] bytes = kv.getValue();
            if (bytes == null) {
                continue;
            }
            Entry old = previous.byId.get(id);
            if (old != null && Arrays.equals(old.raw(), bytes)) {
                byId.put(id, old);
                continue;
            }
            try {
                Rule rule = Json.mapper().readValue(bytes, Rule.class);
                if (!rule.id().equals(id)) {
                    throw new IllegalArgumentException("its id '" + rule.id() + "' differs from its key");
                }
                byId.put(id, Entry.of(rule, bytes));
            } catch (IOException | IllegalArgumentException e) {
                String what = id + "@" + Arrays.hashCode(bytes);
                if (reported.add(what)) {
                    log.warn("ignoring rule '{}' on the rules topic: not a valid rule ({}): {}", id, e.getMessage(),
                            new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8));
                }
            }
        }
        return new RuleBook(byId);
    }

    /** A set for {@link #load}'s reports, so a bad rule is logged once per processor, not on every reload. */
    public static Set<String> newReportSet() {
        return new HashSet<>();
    }

    /** The enabled rules that watch this reading. */
    public List<Entry> matching(Reading r) {
        List<Entry> candidates = byMetric.get(r.metric());
        if (candidates == null) {
            return List.of();
        }
        Map<String, String> tags = null;
        List<Entry> out = new ArrayList<>(candidates.size());
        for (Entry e : candidates) {
            if (!e.tags().isEmpty() && tags == null) {
                tags = tagsOf(r);
            }
            if (e.matches(r.deviceId(), r.metric(), tags)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The rule with this id, enabled or not, or null. */
    public Entry get(String id) {
        return byId.get(id);
    }

    public int size() {
        return byId.size();
    }

    /** True when both books hold the same rules in the same versions. */
    public boolean sameAs(RuleBook other) {
        if (other.byId.size() != byId.size()) {
            return false;
        }
        for (Entry e : byId.values()) {
            Entry o = other.byId.get(e.rule().id());
            if (o == null || o.version() != e.version()) {
                return false;
            }
        }
        return true;
    }

    /** The tags a reading carries (see {@link Rule#tags()}); absent ones are left out. */
    public static Map<String, String> tagsOf(Reading r) {
        Map<String, String> tags = new HashMap<>(4);
        tags.put(Rule.TAG_TOPIC, r.source().mqttTopic());
        tags.put(Rule.TAG_FORMAT, r.source().format());
        tags.put(Rule.TAG_GATEWAY, r.source().gatewayId());
        if (r.unit() != null) {
            tags.put(Rule.TAG_UNIT, r.unit());
        }
        return tags;
    }

    /** {@code *} matches any characters, everything else itself. */
    static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")), Pattern.DOTALL);
    }

    static long fingerprint(Rule rule) {
        CRC32 crc = new CRC32();
        try {
            crc.update(Json.mapper().writeValueAsBytes(rule));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rule always serializes", e);
        }
        return crc.getValue();
    }
}
