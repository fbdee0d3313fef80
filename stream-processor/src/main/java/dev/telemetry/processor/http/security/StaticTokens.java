package dev.telemetry.processor.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long-lived API tokens from a file ({@code api.auth.tokens-file}), one a line:
 *
 * <pre>
 * # token                                                                   scopes       name
 * sha256:7a7a7f6e8cbf4e3ac7843e522a22572430625b65395628e0f6298f7a8ceeff96   read         # grafana
 * sha256:78a1ea0d8d7b82909b67f95cd17c303cf90893c0660b6fa5949289e15baed1ea   read,write   # ops team
 * </pre>
 *
 * A token is stored as {@code sha256:} and the lower-case hex SHA-256 of the token, so the file holds nothing a
 * reader could send ({@code printf %s "$TOKEN" | sha256sum}). A plain token (anything else, at least
 * {@value #MIN_PLAIN_LENGTH} characters) is accepted for convenience and reported by {@link #plainLines()}.
 * A presented token is hashed and compared with every entry in constant time ({@link MessageDigest#isEqual}),
 * without stopping at a match, so the time taken says nothing about which entry or how much of it matched.
 */
public final class StaticTokens implements Authenticator {

    static final String SHA256_PREFIX = "sha256:";
    static final int MIN_PLAIN_LENGTH = 16;
    private static final Pattern LINE = Pattern.compile("(\\S+)\\s+(\\S+)\\s*(?:#\\s*(.*))?");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private record Entry(byte[] hash, Caller caller) {
    }

    private final List<Entry> entries;
    private final List<Integer> plainLines;

    private StaticTokens(List<Entry> entries, List<Integer> plainLines) {
        this.entries = List.copyOf(entries);
        this.plainLines = List.copyOf(plainLines);
    }

    /**
     * Reads the file's lines. Blank lines and lines starting with {@code #} are skipped.
     *
     * @param source names the file in messages
     * @throws IllegalArgumentException naming the line (never its token) when a line is malformed, a scope
     *                                  unknown, a token listed twice, or no token listed at all
     */
    public static StaticTokens parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(source + " line " + number + ": expected '<token or sha256:hex>"
                        + " <scopes, e.g. read,write> [# name]'");
            }
            String token = m.group(1);
            byte[] hash;
            if (token.startsWith(SHA256_PREFIX)) {
                String hex = token.substring(SHA256_PREFIX.length()).toLowerCase(Locale.ROOT);
                if (!HEX.matcher(hex).matches()) {
                    throw new IllegalArgumentException(source + " line " + number + ": after sha256: expected the"
                            + " 64 hex digits of the token's SHA-256");
                }
                hash = HexFormat.of().parseHex(hex);
            } else {
                if (token.length() < MIN_PLAIN_LENGTH) {
                    throw new IllegalArgumentException(source + " line " + number + ": a plain token must have at"
                            + " least " + MIN_PLAIN_LENGTH + " characters (better: store sha256:<hex> of a long"
                            + " random token)");
                }
                hash = sha256(token);
                plain.add(number);
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String s : m.group(2).split(",")) {
                scopes.add(Scope.fromClaim(s.strip()).orElseThrow(() -> new IllegalArgumentException(source
                        + " line " + number + ": unknown scope '" + s.strip() + "'; known: read, write")));
            }
            String name = m.group(3) == null || m.group(3).isBlank() ? "token at line " + number : m.group(3).strip();
            for (Entry e : entries) {
                if (MessageDigest.isEqual(e.hash(), hash)) {
                    throw new IllegalArgumentException(source + " line " + number + ": the same token as '"
                            + e.caller().name() + "'");
                }
            }
            entries.add(new Entry(hash, new Caller(name, scopes)));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(source + " lists no token");
        }
        return new StaticTokens(entries, plain);
    }

    @Override
    public Caller authenticate(String token) throws AuthenticationException {
        byte[] presented = sha256(token);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), presented) && found == null) {
                found = e.caller();
            }
        }
        if (found == null) {
            throw new AuthenticationException("the bearer token is not a known API token");
        }
        return found;
    }

    /** Line numbers holding a plain (not hashed) token, for a start-up warning. */
    public List<Integer> plainLines() {
        return plainLines;
    }

    public int size() {
        return entries.size();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
