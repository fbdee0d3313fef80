package dev.telemetry.simulator.bench;

/**
 * A set of 64-bit values, open addressing with linear probing: about 16 bytes per element where a
 * {@code HashSet<String>} of reading identities needs over 100, so a max-throughput run can tell
 * millions of distinct readings from duplicates in a modest heap. Not thread-safe.
 */
final class LongHashSet {

    private static final long EMPTY = 0;

    private long[] slots = new long[1 << 16];
    private boolean containsEmpty;
    private int size;

    /** Adds {@code v}; true when it was not in the set yet. */
    boolean add(long v) {
        if (v == EMPTY) {
            boolean added = !containsEmpty;
            containsEmpty = true;
            size += added ? 1 : 0;
            return added;
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        if (!insert(slots, v)) {
            return false;
        }
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private static boolean insert(long[] table, long v) {
        int mask = table.length - 1;
        int i = (int) mix(v) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = v;
        return true;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long v : slots) {
            if (v != EMPTY) {
                insert(bigger, v);
            }
        }
        slots = bigger;
    }

    /** Spreads the bits (murmur3 finaliser), so identities differing in a few bits land far apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** A 64-bit hash of a string (FNV-1a), for identities; collisions among 10^7 identities are ~10^-5 likely. */
    static long hash(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }
}
