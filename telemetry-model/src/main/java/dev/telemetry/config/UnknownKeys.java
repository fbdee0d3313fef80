package dev.telemetry.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The check behind {@link ConfigSource#requireAllKeysKnown()}: which keys from the file or the command line
 * nobody read, and the known key each one most likely meant.
 */
final class UnknownKeys {

    private UnknownKeys() {
    }

    /**
     * @param origins  every key set in the file, the command line or a {@code KAFKA_*} variable, with its origin
     * @param read     the keys readers asked for
     * @param prefixes the prefixes readers asked for ({@code kafka.}): every key under one is known
     */
    static void check(Map<String, String> origins, Set<String> read, Set<String> prefixes) {
        List<String> problems = new ArrayList<>();
        origins.forEach((key, origin) -> {
            // the environment holds unrelated variables; KAFKA_* ones sit under the kafka. prefix
            if (origin.startsWith("env ") || read.contains(key) || prefixes.stream().anyMatch(key::startsWith)) {
                return;
            }
            String suggestion = suggest(key, read, prefixes);
            problems.add("'" + key + "' (from " + origin
                    + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?") + ")");
        });
        if (!problems.isEmpty()) {
            boolean one = problems.size() == 1;
            throw new ConfigException("unknown configuration key" + (one ? " " : "s ") + String.join(", ", problems)
                    + ": nothing reads " + (one ? "it" : "them") + ", so " + (one ? "it" : "they")
                    + " would be ignored. The keys are listed in the README's Configuration section");
        }
    }

    /**
     * The known key closest to {@code key}: the same key written as an environment variable, else the
     * smallest edit distance among keys that are at most a few edits away or end in the same dotted segment
     * ({@code stream.threads} -> {@code num.stream.threads}); null when nothing is close.
     */
    static String suggest(String key, Set<String> read, Set<String> prefixes) {
        String lower = key.toLowerCase(Locale.ROOT);
        Set<String> candidates = new TreeSet<>(read);
        int dot = lower.indexOf('.');
        for (String prefix : prefixes) {
            // kafak.linger.ms -> kafka.linger.ms: the prefix itself misspelt
            if (dot > 0 && distance(lower.substring(0, dot + 1), prefix) <= 2) {
                candidates.add(prefix + lower.substring(dot + 1));
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int maxEdits = Math.max(2, lower.length() / 4);
        for (String candidate : candidates) {
            if (ConfigSource.envName(candidate).equals(ConfigSource.envName(lower))) {
                return candidate;
            }
            int distance = distance(lower, candidate);
            boolean close = distance <= maxEdits || lastSegment(lower).equals(lastSegment(candidate));
            if (close && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
